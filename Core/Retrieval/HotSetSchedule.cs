using Cronos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Refreshes the hot set on <see cref="HotSetOptions.Schedule"/> (nightly by default). Every replica may run it: the
/// refresh's own lock lets one of them refresh, and the others skip that occurrence.
/// </summary>
public sealed partial class HotSetSchedule(
    IServiceProvider services,
    IOptions<HotSetOptions> options,
    TimeProvider time,
    ILogger<HotSetSchedule> logger) : BackgroundService
{
    /// <summary>The schedule, or null when refreshes run only on demand; a text that is no cron expression throws.</summary>
    /// <exception cref="FormatException">The text is not a cron expression.</exception>
    public static CronExpression? Parse(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule) || schedule.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            throw new FormatException($"HotSet:Schedule '{schedule}' is not a cron expression (for example '0 3 * * *', nightly at 03:00 UTC): {exception.Message}", exception);
        }
    }

    /// <summary>Whether <paramref name="schedule"/> is off or a valid cron expression.</summary>
    public static bool IsValid(string? schedule)
    {
        try
        {
            Parse(schedule);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The first occurrence of <paramref name="schedule"/> after <paramref name="now"/>, in UTC.</summary>
    public static DateTimeOffset? Next(CronExpression schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = Parse(options.Value.Schedule);
        if (schedule is null)
        {
            LogOnDemandOnly(logger);
            return;
        }

        while (Next(schedule, time.GetUtcNow()) is { } next)
        {
            LogNext(logger, next);
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                await services.GetRequiredService<HotSetRefresher>().RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (HotSetRefreshConflictException)
            {
                LogSkipped(logger);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: refreshed on demand only (HotSet:Schedule is off)")]
    private static partial void LogOnDemandOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: next scheduled refresh at {Next:u}")]
    private static partial void LogNext(ILogger logger, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: a refresh was already running; this occurrence is skipped")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hot set: the scheduled refresh failed; the previous hot set stays live")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
