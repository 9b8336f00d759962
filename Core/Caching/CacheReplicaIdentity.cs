using System.Security.Cryptography;
using System.Text;

namespace RedisAspire.Core.Caching;

/// <summary>
/// Who this process is among the replicas that share the cache: an id that stays the same while the process runs (and
/// is new after a restart), the application it is (<c>IHostEnvironment.ApplicationName</c>) and when it started.
/// </summary>
public sealed class CacheReplicaIdentity
{
    /// <summary>The longest id: a machine name is cut to keep it short.</summary>
    public const int MaxIdLength = 64;

    /// <summary>An identity for a process of the application <paramref name="name"/> that started at <paramref name="startedAt"/>.</summary>
    public CacheReplicaIdentity(string name, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = NewId(Environment.MachineName, Environment.ProcessId);
        Name = name;
        StartedAt = startedAt;
    }

    /// <summary>The replica's id: machine, process id and a random part, as two processes may share a machine and a pid may be reused.</summary>
    public string Id { get; }

    /// <summary>The application the replica is (the Api, the Worker).</summary>
    public string Name { get; }

    /// <summary>When the replica's cache started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary><c>machine-pid-random</c>, with only letters, digits, '.' and '-', at most <see cref="MaxIdLength"/> characters.</summary>
    internal static string NewId(string machine, int processId)
    {
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var tail = $"-{processId}-{random}";
        var safe = new StringBuilder(machine.Length);
        foreach (var character in machine)
        {
            safe.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '-' ? char.ToLowerInvariant(character) : '-');
        }

        var head = safe.Length == 0 ? "replica" : safe.ToString();
        return head[..Math.Min(head.Length, MaxIdLength - tail.Length)] + tail;
    }
}
