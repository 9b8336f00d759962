using RedisAspire.Web.Services;

namespace RedisAspire.Web.Components.Pages.HotSetPanels;

/// <summary>When a rebuild, a refresh or a re-embedding ran, as a person reads it.</summary>
public static class RunTimes
{
    /// <summary>"started 12 s ago", or "finished 3 min ago, took 4.2 s".</summary>
    public static string Describe(DateTimeOffset startedAt, DateTimeOffset? finishedAt, DateTimeOffset now) => finishedAt is { } finished
        ? $"finished {Format.Ago(finished, now)}, took {Format.Duration(finished - startedAt)}"
        : $"started {Format.Ago(startedAt, now)}";
}
