namespace RedisAspire.Core.Vectors;

/// <summary>A NUMERIC field of the index.</summary>
/// <param name="Name">The hash field's name.</param>
/// <param name="Sortable">Whether the field is kept sortable (SORTABLE).</param>
public sealed record NumericField(string Name, bool Sortable = false);
