namespace RedisAspire.Core.Retrieval;

/// <summary>One step of the cold tier's schema, applied once and recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">Its number; steps run in ascending order.</param>
/// <param name="Description">What it creates, recorded with it.</param>
/// <param name="Sql">Its statements; idempotent too, so a table made by hand does not stop it.</param>
internal sealed record ColdTierMigration(int Version, string Description, string Sql);
