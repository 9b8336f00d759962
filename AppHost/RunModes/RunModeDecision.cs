namespace RedisAspire.AppHost.RunModes;

/// <summary>The run mode chosen and why, in words for the AppHost log.</summary>
public sealed record RunModeDecision(RunMode Mode, string Reason);
