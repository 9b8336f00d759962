using Microsoft.Extensions.AI;

namespace RedisAspire.Core.Answers;

/// <summary>The chat client that writes answers, with the name and model answers are keyed and reported by.</summary>
/// <param name="Client">The chat client: Azure OpenAI's, or the local extractive answerer.</param>
/// <param name="Name">The generator's name: <see cref="AzureOpenAIName"/> or <see cref="LocalName"/>.</param>
/// <param name="Model">Its model: the deployment's name, or the extractive answerer's version.</param>
public sealed record AnswerGenerator(IChatClient Client, string Name, string Model)
{
    /// <summary>The name of the Azure OpenAI chat generator.</summary>
    public const string AzureOpenAIName = "AzureOpenAI";

    /// <summary>The name of the local extractive answerer.</summary>
    public const string LocalName = "Local";
}
