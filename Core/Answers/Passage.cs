namespace RedisAspire.Core.Answers;

/// <summary>A retrieved chunk as the generator is given it, numbered as answers cite it (<c>[1]</c>, <c>[2]</c>, ...).</summary>
/// <param name="Number">Its number in the prompt, from 1.</param>
/// <param name="Id">The chunk's id (<c>{document}#{n}</c>).</param>
/// <param name="DocumentId">The document it is a chunk of.</param>
/// <param name="Title">The document's title, when it has one.</param>
/// <param name="Text">The chunk's text.</param>
public sealed record Passage(int Number, string Id, string DocumentId, string? Title, string Text);
