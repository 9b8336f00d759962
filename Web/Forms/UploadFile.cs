namespace RedisAspire.Web.Forms;

/// <summary>A file chosen for upload: its name (the document id is made from it) and its size in bytes.</summary>
public sealed record UploadFile(string Name, long Size);
