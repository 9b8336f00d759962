using RedisAspire.AppHost.LocalServers;
using RedisAspire.AppHost.RunModes;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ContainerRuntimeProbeTests
{
    [Fact]
    public void ARuntimeWhoseEngineAnswersIsReportedRunning()
    {
        var processes = new FakeProcessRunner(_ => FakeProcessRunner.Output("{\"ServerVersion\":\"28.2.2\"}"));

        var status = new ContainerRuntimeProbe(processes).Probe(null);

        Assert.True(status.Answers);
        Assert.Equal("docker", status.Runtime);
        Assert.Equal(["info", "--format", "{{json .}}"], processes.Commands.Single().Arguments);
    }

    [Fact]
    public void AClientWithoutEngineIsReportedWithTheClientsOwnWords()
    {
        var processes = new FakeProcessRunner(_ => FakeProcessRunner.Failure(1,
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nmore"));

        var status = new ContainerRuntimeProbe(processes).Probe("docker");

        Assert.False(status.Answers);
        Assert.Equal("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", status.Detail);
    }

    [Fact]
    public void AMissingRuntimeIsReportedAsNotInstalled()
    {
        var status = new ContainerRuntimeProbe(new FakeProcessRunner(_ => ProcessResult.NotStarted("No such file or directory"))).Probe("podman");

        Assert.False(status.Answers);
        Assert.Equal("podman", status.Runtime);
        Assert.Equal("'podman' is not installed", status.Detail);
    }

    [Fact]
    public void TheRuntimeAspireIsToldToUseIsTheOneAsked()
    {
        var processes = new FakeProcessRunner(_ => FakeProcessRunner.Output("{}"));

        new ContainerRuntimeProbe(processes).Probe("podman");

        Assert.Equal("podman", processes.Commands.Single().FileName);
    }
}
