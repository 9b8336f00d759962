namespace RedisAspire.Core.Answers;

/// <summary>The generator failed to write an answer (the model refused, or could not be reached); nothing was cached.</summary>
public sealed class AnswerGeneratorException : Exception
{
    /// <summary>A failure of <paramref name="generator"/>'s <paramref name="model"/>, caused by <paramref name="innerException"/>.</summary>
    public AnswerGeneratorException(string generator, string model, Exception innerException)
        : base($"The answer generator {generator} ({model}) failed: {innerException?.Message}", innerException)
    {
        Generator = generator;
        Model = model;
    }

    /// <summary>An empty failure, for serializers and tools.</summary>
    public AnswerGeneratorException()
        : this("unknown", "unknown", new InvalidOperationException("No cause was given."))
    {
    }

    /// <summary>A failure described by <paramref name="message"/> alone.</summary>
    public AnswerGeneratorException(string message)
        : base(message)
    {
        Generator = Model = "unknown";
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public AnswerGeneratorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Generator = Model = "unknown";
    }

    /// <summary>The generator's name.</summary>
    public string Generator { get; }

    /// <summary>Its model.</summary>
    public string Model { get; }
}
