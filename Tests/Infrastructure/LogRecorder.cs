using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A logger provider that keeps every message written through it, formatted as a console would show it.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    /// <summary>Everything logged so far, one message after another.</summary>
    public string Text => string.Join('\n', messages);

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, messages);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
