using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// The requests of an <c>.http</c> file, as the editors that send them read it: file variables (<c>@name = value</c>),
/// requests separated by <c>###</c>, each with its comments (<c># @name put</c>, <c># expect 200 404</c>), request line,
/// headers and body, and <c>{{put.response.body.$.field}}</c> taken from an earlier named request's answer.
/// </summary>
internal sealed partial class HttpFile
{
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> answers = new(StringComparer.Ordinal);

    private HttpFile(IReadOnlyList<HttpFileRequest> requests) => Requests = requests;

    public IReadOnlyList<HttpFileRequest> Requests { get; }

    public static HttpFile Parse(string text, string hostVariable, string host)
    {
        var blocks = SeparatorPattern().Split(text.ReplaceLineEndings("\n"));
        var file = new HttpFile([.. blocks.Skip(1).Select(HttpFileRequest.Parse)]);
        foreach (Match variable in VariablePattern().Matches(blocks[0]))
        {
            file.variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
        }

        file.variables[hostVariable] = host.TrimEnd('/');
        return file;
    }

    /// <summary>Sends <paramref name="request"/> with its variables filled in, and remembers its answer when it is named.</summary>
    public async Task<(int Status, string Body)> SendAsync(HttpClient client, HttpFileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), Fill(request.Url));
        if (request.Body.Length > 0)
        {
            var contentType = request.Headers.GetValueOrDefault("Content-Type", "application/json");
            message.Content = contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                // A multipart body's lines end with CRLF, as editors send them; its type carries the boundary.
                ? new StringContent(Fill(request.Body).ReplaceLineEndings("\r\n"), Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } }
                : new StringContent(Fill(request.Body), Encoding.UTF8, contentType);
        }

        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        if (request.Name is { } name && body.Length > 0)
        {
            answers[name] = JsonDocument.Parse(body).RootElement.Clone();
        }

        return ((int)response.StatusCode, body);
    }

    private string Fill(string text) => ReferencePattern().Replace(text, reference =>
    {
        var name = reference.Groups[1].Value;
        if (variables.TryGetValue(name, out var value))
        {
            return value;
        }

        var path = name.Split(".response.body.$.", 2);
        if (path.Length == 2 && answers.TryGetValue(path[0], out var answer))
        {
            return path[1].Split('.').Aggregate(answer, (element, property) => element.GetProperty(property)).ToString();
        }

        throw new InvalidOperationException($"{{{{{name}}}}} names no variable and no earlier named request's answer.");
    });

    [GeneratedRegex(@"^###.*$", RegexOptions.Multiline)]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"^@(\w+)\s*=(.*)$", RegexOptions.Multiline)]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\{\{([^}]+)\}\}")]
    private static partial Regex ReferencePattern();
}

/// <summary>One request of an <see cref="HttpFile"/>.</summary>
internal sealed record HttpFileRequest(
    string Title, string? Name, IReadOnlyList<int> Expected, string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static HttpFileRequest Parse(string block)
    {
        var lines = block.Split('\n');
        var title = lines[0].Trim();
        string? name = null;
        int[] expected = [];
        var index = 1;
        for (; index < lines.Length && (lines[index].StartsWith('#') || lines[index].Trim().Length == 0); index++)
        {
            var comment = lines[index].TrimStart('#').Trim();
            if (comment.StartsWith("@name ", StringComparison.Ordinal))
            {
                name = comment["@name ".Length..].Trim();
            }
            else if (comment.StartsWith("expect ", StringComparison.Ordinal))
            {
                expected = [.. comment["expect ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
            }
        }

        var requestLine = lines[index++].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (; index < lines.Length && lines[index].Trim().Length > 0; index++)
        {
            var header = lines[index].Split(':', 2);
            headers[header[0].Trim()] = header[1].Trim();
        }

        return new(title, name, expected, requestLine[0], requestLine[1], headers, string.Join('\n', lines.Skip(index)).Trim());
    }
}
