namespace RedisAspire.Core;

/// <summary>
/// A value from a caller that the engine cannot accept: the field it is about, named as callers name it (dotted for
/// nested values: <c>metadata.price</c>), and why, in a sentence a caller can act on. Rules that callers' values must
/// meet are written once, as checks that return these; the engine throws the first as an <see cref="ArgumentException"/>,
/// an Api reports them all.
/// </summary>
/// <param name="Field">The field it is about.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record InputError(string Field, string Message)
{
    /// <summary>Throws the first of <paramref name="errors"/>, when there is one, as an <see cref="ArgumentException"/> naming its field.</summary>
    public static void ThrowFirst(IEnumerable<InputError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.FirstOrDefault() is { } first)
        {
            throw first.ToException();
        }
    }

    /// <summary>This error as an <see cref="ArgumentException"/> whose ParamName is <see cref="Field"/>.</summary>
    public ArgumentException ToException() => new(Message, Field);
}
