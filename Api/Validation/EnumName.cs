namespace RedisAspire.Api.Validation;

/// <summary>
/// A request's choice among an enum's values, by one of its names in any case. <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
/// also takes numbers ("1"), names joined by commas ("auto,hot") and surrounding spaces, none of which a caller is offered.
/// </summary>
internal static class EnumName
{
    /// <summary>The value <paramref name="text"/> names; null when it names none.</summary>
    public static TEnum? Parse<TEnum>(string? text)
        where TEnum : struct, Enum =>
        Enum.GetNames<TEnum>().FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<TEnum>(name)
            : null;
}
