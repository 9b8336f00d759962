using System.Text.Json;

namespace RedisAspire.Api.Validation;

/// <summary>
/// A string or number of a request body that <see cref="PlainText"/> refuses. The reader's path names the value it was
/// reading; <see cref="Within"/> says where inside that value (<c>[0].note</c>), and a refused property name is the
/// problem of the object that holds it, so no field is named after bad text.
/// </summary>
internal sealed class RefusedTextException(string message, string within = "", bool propertyName = false) : JsonException(message)
{
    /// <summary>Where inside the value being read: empty for the value itself.</summary>
    public string Within { get; } = within;

    /// <summary>Whether a property name was refused.</summary>
    public bool PropertyName { get; } = propertyName;
}
