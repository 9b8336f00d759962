extern alias Web;

using System.Text.Json;
using Web::RedisAspire.Web.Forms;

namespace RedisAspire.Tests.Unit.Web;

/// <summary>The Documents page's forms: the Api's rules for documents, uploads and folder imports, named by the Api's fields before anything is sent.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentsFormTests
{
    [Fact]
    public void AValidDocumentBecomesARequestWithTypedFurtherFieldsAndBlankFieldsLeftOut()
    {
        var form = new DocumentForm { Tenant = " harbor ", Id = "harbor-menu", Body = "Chowder on Fridays.", UpdatedAt = "1767225600" };
        form.Metadata.Add(new DocumentMetadataRow { Name = "cuisine", Value = "seafood" });
        form.Metadata.Add(new DocumentMetadataRow { Name = "price", Value = "12.5", Kind = "number" });

        Assert.False(form.Validate().Any);
        var request = form.ToRequest();
        Assert.Equal("harbor", request.Tenant);
        Assert.Null(request.Title);
        Assert.Null(request.Language);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), request.UpdatedAt);
        Assert.Equal(JsonValueKind.String, request.Metadata!["cuisine"].ValueKind);
        Assert.Equal(12.5, request.Metadata["price"].GetDouble());
    }

    [Fact]
    public void ADocumentTheApiWouldRefuseIsNamedFieldByField()
    {
        var form = new DocumentForm { Tenant = "harbor:menu", Id = "harbor menu", Body = "  ", Title = "Menu\u0000", UpdatedAt = "Friday" };
        form.Metadata.Add(new DocumentMetadataRow { Name = "tenant", Value = "other" });
        form.Metadata.Add(new DocumentMetadataRow { Name = "price", Value = "cheap", Kind = "number" });
        form.Metadata.Add(new DocumentMetadataRow { Name = "price", Value = "3", Kind = "number" });
        form.Metadata.Add(new DocumentMetadataRow { Name = "cuisine", Value = "" });

        var errors = form.Validate();

        Assert.Equal("A tenant is 1 to 64 letters, digits, '.', '_' or '-'.", errors["tenant"]);
        Assert.Equal("A document id has no spaces or control characters.", errors["id"]);
        Assert.Equal("Write the document's text.", errors["body"]);
        Assert.Equal("Contains the control character U+0000, which the Api refuses.", errors["title"]);
        Assert.StartsWith("Write a date", errors["updatedAt"], StringComparison.Ordinal);
        Assert.Equal("Give the tenant in its own field above.", errors["metadata[0]"]);
        Assert.Equal("'cheap' is not a number.", errors["metadata[1]"]);
        Assert.Equal("'price' is given twice.", errors["metadata[2]"]);
        Assert.StartsWith("Give a value", errors["metadata[3]"], StringComparison.Ordinal);
    }

    [Fact]
    public void AnIdLongerThanChunkIdsLeaveRoomForIsRefused()
    {
        var form = new DocumentForm { Tenant = "harbor", Id = new string('a', 249), Body = "x" };

        Assert.Equal("At most 248 characters; this is 249.", form.Validate()["id"]);
        Assert.Null(new DocumentForm { Tenant = "harbor", Id = new string('a', 248), Body = "x" }.Validate()["id"]);
    }

    [Fact]
    public void ARemovalNeedsOnlyTheTenantAndTheId()
    {
        var form = new DocumentForm { Id = "harbor-menu" };

        var errors = form.ValidateReference();

        Assert.Equal(["tenant"], errors.ByField.Keys);
    }

    [Fact]
    public void AnUploadNamesEachFileTheApiWouldNotReadAndBoundsTheWhole()
    {
        var form = new UploadForm { Tenant = "harbor" };
        form.Files.Add(new UploadFile("menu.md", 120));
        form.Files.Add(new UploadFile("menu.pdf", 120));
        form.Files.Add(new UploadFile("empty.TXT", 0));

        var errors = form.Validate();

        Assert.Equal(["menu.pdf", "empty.TXT"], form.RefusedFiles(errors).Select(refused => refused.File));
        Assert.Equal("The file is empty.", errors["empty.TXT"]);
        Assert.Null(errors["files"]);
    }

    [Fact]
    public void AnUploadLargerThanTheApisBodyLimitOrWithTooManyFilesIsRefused()
    {
        var large = new UploadForm { Tenant = "harbor" };
        large.Files.Add(new UploadFile("a.jsonl", 5 * 1024 * 1024));
        large.Files.Add(new UploadFile("b.jsonl", 3 * 1024 * 1024));
        var many = new UploadForm { Tenant = "harbor" };
        many.Files.AddRange(Enumerable.Range(0, 101).Select(index => new UploadFile($"{index}.md", 10)));

        Assert.StartsWith("The files hold 8 MiB; an upload holds at most", large.Validate()["files"], StringComparison.Ordinal);
        Assert.Equal("An upload holds at most 100 files; 101 are chosen.", many.Validate()["files"]);
        Assert.Equal("Choose at least one file (.md, .txt, .html, .htm, .jsonl).", new UploadForm { Tenant = "harbor" }.Validate()["files"]);
    }

    [Fact]
    public void AFolderImportNeedsAFolderAndATenant()
    {
        var errors = new DocumentFolderForm { Path = " ", Tenant = "" }.Validate();

        Assert.StartsWith("Give a folder", errors["path"], StringComparison.Ordinal);
        Assert.StartsWith("Name the tenant", errors["tenant"], StringComparison.Ordinal);
        Assert.Null(new DocumentFolderForm { Path = "menus", Tenant = "harbor", Language = "" }.ToRequest().Language);
    }
}
