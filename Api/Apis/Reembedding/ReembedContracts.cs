using RedisAspire.Contracts;

namespace RedisAspire.Api.Apis.Reembedding;

/// <summary>The embedding versions as the Api's contracts.</summary>
internal static class ReembedContracts
{
    public static ReembedResponse ToContract(this IReadOnlyList<Core.Retrieval.EmbeddingVersion> versions)
    {
        List<EmbeddingVersion> views = [.. versions.Select(ToContract)];
        return new(
            views.SingleOrDefault(view => view.State == EmbeddingVersionState.Live),
            views.SingleOrDefault(view => view.State == EmbeddingVersionState.Building),
            views);
    }

    private static EmbeddingVersion ToContract(Core.Retrieval.EmbeddingVersion version) => new(
        version.Number, version.Model.Provider.ToString(), version.Model.Name, version.Dimensions, version.Table,
        ContractEnum.To<EmbeddingVersionState>(version.State), version.CreatedAt, version.SwitchedAt, version.RetiredAt,
        version.RowsTotal, version.RowsDone, version.Error);
}
