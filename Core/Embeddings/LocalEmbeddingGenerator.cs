using Microsoft.Extensions.AI;
using SentenceTransformers;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// A <see cref="LocalEmbeddingModels"/> model (384 dimensions, unit length; all-MiniLM-L6-v2 unless
/// <c>Embeddings:Local:Model</c> says otherwise) run in this process by ONNX Runtime from the model its package ships:
/// no key, no network. Thread-safe. Loading and encoding run on the process's <see cref="LocalModelThread"/>, never on
/// a thread-pool thread, and use at most <see cref="LocalEmbeddingOptions.Threads"/> cores.
/// </summary>
internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The default model's name, as the vector index and the cache keys record it.</summary>
    public const string DefaultModelId = LocalEmbeddingModels.Default;

    /// <summary>The length of every vector.</summary>
    public const int ModelDimensions = LocalEmbeddingModels.Dimensions;

    /// <summary>The provider name in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "local";

    // A word longer than this is cut through rather than dropped whole.
    private const int WordBoundaryWindow = 64;

    private readonly int batchSize;
    private readonly int maxInputCharacters;
    private readonly int threads;
    private readonly TimeProvider timeProvider;
    private readonly Lock loadLock = new();

    private ISentenceEncoder? encoder;
    private bool disposed;

    /// <summary>A generator that loads the model on its first non-empty call.</summary>
    public LocalEmbeddingGenerator(LocalEmbeddingOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new LocalEmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInputCharacters, 1, nameof(options.MaxInputCharacters));
        if (!LocalEmbeddingModels.IsKnown(options.Model))
        {
            throw new ArgumentException(
                $"Embeddings:Local:Model '{options.Model}' is unknown; use {string.Join(" or ", LocalEmbeddingModels.Names)}.", nameof(options));
        }

        batchSize = options.BatchSize;
        maxInputCharacters = options.MaxInputCharacters;
        threads = options.EffectiveThreads;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options.Threads));
        ModelId = options.Model;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        Metadata = new(ProviderName, providerUri: null, ModelId, ModelDimensions);
    }

    /// <summary>The model's name, as the vector index and the cache keys record it.</summary>
    public string ModelId { get; }

    /// <summary>The model, its dimensions and the provider, for the vector index.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Whether the model (about 87 MB) has been loaded: it is, once, by the first call with any text.</summary>
    public bool IsModelLoaded => Volatile.Read(ref encoder) is not null;

    /// <summary>
    /// Embeds <paramref name="values"/> in order, at most BatchSize texts a model call. Each text is first cut to
    /// MaxInputCharacters by <see cref="Truncate"/>. An empty input gives an empty result without touching the model.
    /// </summary>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (options?.Dimensions is { } dimensions && dimensions != ModelDimensions)
        {
            throw new ArgumentException($"{ModelId} produces {ModelDimensions} dimensions, not {dimensions}.", nameof(options));
        }

        var texts = values.Select(text => Truncate(
            text ?? throw new ArgumentException("The texts must not contain null.", nameof(values)), maxInputCharacters)).ToArray();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        for (var start = 0; start < texts.Length; start += batchSize)
        {
            var batch = texts[start..Math.Min(start + batchSize, texts.Length)];
            var vectors = await EncodeAsync(batch, cancellationToken).ConfigureAwait(false);
            var createdAt = timeProvider.GetUtcNow();
            foreach (var vector in vectors)
            {
                embeddings.Add(new Embedding<float>(EnsureUnitLength(vector)) { ModelId = ModelId, CreatedAt = createdAt });
            }
        }

        return embeddings;
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxCharacters"/> characters: at the last white space
    /// within the limit (unless the word there is longer than 64 characters), never inside a surrogate pair, trailing
    /// white space removed. The same text always gives the same cut. Shorter texts are returned unchanged.
    /// </summary>
    /// <remarks>
    /// all-MiniLM-L6-v2 was trained on at most 256 word pieces, and the package cuts at 512 itself; cutting by
    /// characters first keeps what the model sees near what it learnt and bounds the tokenizer's work for huge texts.
    /// </remarks>
    public static string Truncate(string text, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var cut = maxCharacters;
        if (!char.IsWhiteSpace(text[cut]))
        {
            var lowest = Math.Max(1, cut - WordBoundaryWindow);
            for (var index = cut - 1; index >= lowest; index--)
            {
                if (char.IsWhiteSpace(text[index]))
                {
                    cut = index;
                    break;
                }
            }
        }

        if (char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd();
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the model once the calls already running on it are done.</summary>
    public void Dispose()
    {
        ISentenceEncoder? loaded;
        lock (loadLock)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            loaded = encoder;
            encoder = null;
        }

        if (loaded is IDisposable releasable)
        {
            // On the model thread, after any encoding of it in progress there.
            _ = LocalModelThread.Shared.RunAsync(() =>
            {
                releasable.Dispose();
                return true;
            }, CancellationToken.None);
        }
    }

    private Task<float[][]> EncodeAsync(string[] batch, CancellationToken cancellationToken) =>
        LocalModelThread.Shared.RunAsync(() => LoadedEncoder().Encode(batch, cancellationToken), cancellationToken);

    private ISentenceEncoder LoadedEncoder()
    {
        var loaded = Volatile.Read(ref encoder);
        if (loaded is not null)
        {
            return loaded;
        }

        // Not Lazy<T>: it would keep a failed load's exception for ever; here the next call tries again.
        lock (loadLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (encoder is null)
            {
                Volatile.Write(ref encoder, LocalEmbeddingModels.Load(ModelId, threads));
            }

            return encoder!;
        }
    }

    // The package normalises its output; this keeps unit length a property of this class whatever the package does.
    private static float[] EnsureUnitLength(float[] vector)
    {
        var sumOfSquares = 0.0;
        foreach (var component in vector)
        {
            sumOfSquares += component * component;
        }

        var norm = Math.Sqrt(sumOfSquares);
        if (norm > 0 && Math.Abs(norm - 1) > 1e-4)
        {
            for (var index = 0; index < vector.Length; index++)
            {
                vector[index] = (float)(vector[index] / norm);
            }
        }

        return vector;
    }
}
