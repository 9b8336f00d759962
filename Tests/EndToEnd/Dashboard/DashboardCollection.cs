namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>
/// The dashboard's browser tests: one Chromium for all of them, each test in a fresh browser context. Their test classes
/// run one after the other, so their whole apps never run side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardBrowser>
{
    public const string Name = "Dashboard";
}
