namespace RedisAspire.Core.Vectors;

/// <summary>
/// Picks the vector engine among the registered ones: with <c>auto</c>, the first (in registration order) the server
/// offers; otherwise the one the setting names, if the server offers it. A server that offers no engine, or not the one
/// asked for, is an error saying what to run instead.
/// </summary>
internal sealed class VectorEngineSelector
{
    /// <summary>The configuration key that forces an engine (<c>auto</c>, or an engine's name).</summary>
    public const string SettingName = "Vectors:Engine";

    private readonly IReadOnlyList<IVectorEngine> engines;

    /// <param name="engines">The engines, the preferred first.</param>
    public VectorEngineSelector(IEnumerable<IVectorEngine> engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        this.engines = [.. engines];
        if (this.engines.Count == 0)
        {
            throw new ArgumentException("No vector engine is registered.", nameof(engines));
        }
    }

    /// <exception cref="InvalidOperationException">The server cannot run the engine asked for, or any engine.</exception>
    /// <exception cref="ArgumentException">The setting names no engine.</exception>
    public IVectorEngine Choose(RedisServerInfo server, string? setting)
    {
        ArgumentNullException.ThrowIfNull(server);
        var wanted = setting?.Trim();
        if (string.IsNullOrEmpty(wanted) || wanted.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return engines.FirstOrDefault(engine => engine.IsAvailable(server)) ?? throw new InvalidOperationException(
                $"Redis {server.Version} offers {Neither(engines.Select(engine => engine.Offering))}. " +
                $"Run {string.Join("; or ", engines.Select(engine => engine.Remedy))}.");
        }

        var named = engines.FirstOrDefault(engine => engine.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"{SettingName} is '{setting}'; use auto, {Or(engines.Select(engine => engine.Name))}.", nameof(setting));
        if (!named.IsAvailable(server))
        {
            throw new InvalidOperationException(
                $"{SettingName} asks for {named.Name}, but Redis {server.Version} {named.Lacking}. Run {named.Remedy}; " +
                $"or set it to {Or([.. engines.Where(engine => engine != named).Select(engine => engine.Name), "auto"])}.");
        }

        return named;
    }

    private static string Or(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count < 2 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    private static string Neither(IEnumerable<string> offerings)
    {
        var list = offerings.ToList();
        return list.Count switch
        {
            1 => $"no {list[0]}",
            2 => $"neither {list[0]} nor {list[1]}",
            _ => $"none of {string.Join(", ", list)}",
        };
    }
}
