using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>Keeps every log message written through it, with its level and exception, for tests that assert what was reported.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> logs = new();

    public IReadOnlyList<RecordedLog> Logs => [.. logs];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, logs);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<RecordedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new RecordedLog(category, logLevel, formatter(state, exception), exception));
    }
}

internal sealed record RecordedLog(string Category, LogLevel Level, string Message, Exception? Exception);
