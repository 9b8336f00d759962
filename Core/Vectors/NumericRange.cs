namespace RedisAspire.Core.Vectors;

/// <summary>A range on a NUMERIC field; a null bound is open.</summary>
/// <param name="Min">The lower bound, inclusive unless <paramref name="MinExclusive"/>.</param>
/// <param name="Max">The upper bound, inclusive unless <paramref name="MaxExclusive"/>.</param>
/// <param name="MinExclusive">Whether values equal to <paramref name="Min"/> are left out.</param>
/// <param name="MaxExclusive">Whether values equal to <paramref name="Max"/> are left out.</param>
public sealed record NumericRange(double? Min = null, double? Max = null, bool MinExclusive = false, bool MaxExclusive = false);
