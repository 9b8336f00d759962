using Azure;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.AI;

namespace RedisAspire.Core.Answers;

/// <summary>Builds the generator <see cref="AnswerOptions"/> choose. Building makes no network call.</summary>
internal static class AnswerGeneratorFactory
{
    /// <summary>
    /// Azure OpenAI's chat deployment when <c>Answers:AzureOpenAI:Endpoint</c> is set (with its key, or
    /// <paramref name="credential"/>, or <c>DefaultAzureCredential</c>), the local extractive answerer otherwise.
    /// </summary>
    public static AnswerGenerator Create(AnswerOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesAzureOpenAI)
        {
            return new AnswerGenerator(new ExtractiveChatClient(options.Local.MaxSentences), AnswerGenerator.LocalName, ExtractiveChatClient.ModelName);
        }

        var azure = options.AzureOpenAI;
        if (string.IsNullOrWhiteSpace(azure.Deployment))
        {
            throw new ArgumentException("Answers:AzureOpenAI:Deployment is required when Answers:AzureOpenAI:Endpoint is set.", nameof(options));
        }

        var client = string.IsNullOrEmpty(azure.ApiKey)
            ? new AzureOpenAIClient(azure.Endpoint, credential ?? new DefaultAzureCredential())
            : new AzureOpenAIClient(azure.Endpoint, new AzureKeyCredential(azure.ApiKey));
        return new AnswerGenerator(client.GetChatClient(azure.Deployment).AsIChatClient(), AnswerGenerator.AzureOpenAIName, azure.Deployment);
    }

    /// <summary>How the Azure OpenAI generator authenticates, for logs: never the key itself.</summary>
    public static string DescribeCredential(AzureOpenAIChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(options.ApiKey) ? nameof(DefaultAzureCredential) : "API key";
    }
}
