extern alias Web;

using Azure.Core;
using Azure.Identity;
using Web::RedisAspire.Web.Identity;

namespace RedisAspire.Tests.Unit.Web;

/// <summary>The dashboard's token for the Api: fetched once, renewed five minutes before it expires, by one caller at a time.</summary>
[Trait("Category", "Unit")]
public sealed class ServiceTokenTests
{
    private static readonly TokenRequestContext Request = new(["api://redisaspire/.default"]);

    [Fact]
    public async Task ATokenIsFetchedOnceAndRenewedFiveMinutesBeforeItExpires()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var credential = new CountingCredential(time, TimeSpan.FromHours(1));
        var token = new ServiceToken(credential, Request, time);

        var first = await token.GetAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first, await token.GetAsync(CancellationToken.None));
        Assert.Equal(1, credential.Fetches);

        time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await token.GetAsync(CancellationToken.None);

        Assert.NotEqual(first, renewed);
        Assert.Equal(2, credential.Fetches);
        Assert.Equal(Request.Scopes, credential.Scopes);
    }

    [Fact]
    public async Task CallersArrivingDuringARenewalWaitForItRatherThanEachFetchingAToken()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var credential = new CountingCredential(time, TimeSpan.FromHours(1)) { Gate = new TaskCompletionSource() };
        var token = new ServiceToken(credential, Request, time);

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => token.GetAsync(CancellationToken.None).AsTask())).ToArray();
        await credential.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        credential.Gate.SetResult();
        var tokens = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, credential.Fetches);
    }

    [Fact]
    public async Task AFailedFetchReachesItsCallerAndTheNextCallTriesAgain()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var credential = new CountingCredential(time, TimeSpan.FromHours(1)) { FailNext = true };
        var token = new ServiceToken(credential, Request, time);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => token.GetAsync(CancellationToken.None).AsTask());
        Assert.NotEmpty(await token.GetAsync(CancellationToken.None));
        Assert.Equal(2, credential.Fetches);
    }

    private sealed class CountingCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
    {
        private int fetches;

        public int Fetches => Volatile.Read(ref fetches);

        public string[] Scopes { get; private set; } = [];

        public bool FailNext { get; set; }

        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref fetches);
            Scopes = requestContext.Scopes;
            Started.TrySetResult();
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            if (FailNext)
            {
                FailNext = false;
                throw new AuthenticationFailedException("Microsoft Entra ID could not be reached.");
            }

            return new AccessToken($"token-{number}", time.GetUtcNow() + lifetime);
        }
    }
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
