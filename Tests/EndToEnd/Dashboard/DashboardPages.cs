namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>The dashboard's pages, each with its route and the title it sets: a new page is one more line here.</summary>
public static class DashboardPages
{
    public static TheoryData<string, string> All { get; } = new()
    {
        { "/", "Overview" },
        { "/search", "Search" },
        { "/answers", "Answers" },
        { "/cache", "Cache" },
        { "/stampede-lab", "Stampede lab" },
        { "/hot-set", "Hot set and index" },
        { "/documents", "Documents" },
    };
}
