using RedisAspire.AppHost.RunModes;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RunModeSelectorTests
{
    private static readonly ContainerRuntimeStatus DockerRunning = new("docker", true, "its engine is running");
    private static readonly ContainerRuntimeStatus DockerWithoutEngine =
        new("docker", false, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" Auto ")]
    public void AutoChoosesContainersWhenTheRuntimeAnswers(string? setting)
    {
        var decision = RunModeSelector.Choose(setting, () => DockerRunning);

        Assert.Equal(RunMode.Containers, decision.Mode);
        Assert.Contains("docker answered", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoChoosesExecutablesAndSaysWhyWhenNoRuntimeAnswers()
    {
        var decision = RunModeSelector.Choose("auto", () => DockerWithoutEngine);

        Assert.Equal(RunMode.Executables, decision.Mode);
        Assert.Contains("Cannot connect to the Docker daemon", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("containers", RunMode.Containers)]
    [InlineData("Containers", RunMode.Containers)]
    [InlineData("executables", RunMode.Executables)]
    [InlineData("EXECUTABLES", RunMode.Executables)]
    public void AnExplicitSettingWinsWithoutAskingTheRuntime(string setting, RunMode expected)
    {
        var decision = RunModeSelector.Choose(setting, () => throw new InvalidOperationException("the runtime must not be probed"));

        Assert.Equal(expected, decision.Mode);
        Assert.Contains("RunMode is set", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSettingIsRefusedWithTheValuesThatWork()
    {
        var error = Assert.Throws<ArgumentException>(() => RunModeSelector.Choose("kubernetes", () => DockerRunning));

        Assert.Contains("RunMode is 'kubernetes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto, containers or executables", error.Message, StringComparison.Ordinal);
    }
}
