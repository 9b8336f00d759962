using Npgsql;

namespace RedisAspire.Core.Retrieval;

/// <summary>One SQL statement with its positional parameters ($1, $2, ...): values never enter the text.</summary>
internal sealed record ColdTierCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    /// <summary>The statement as a command of <paramref name="batch"/>.</summary>
    public NpgsqlBatchCommand AddTo(NpgsqlBatch batch)
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
        return command;
    }
}
