using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// A template deployed with given parameters as <c>bicep snapshot</c> predicts it, offline: conditions decided, modules
/// expanded, every value that does not depend on Azure computed. Values that do (another module's outputs) stay ARM
/// expressions such as <c>[reference(...'identity-{0}'...).outputs.principalId.value]</c>.
/// </summary>
internal sealed class DeploymentSnapshot(JsonArray resources, JsonObject outputs)
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string TenantId = "00000000-0000-0000-0000-0000000000b2";
    public const string Location = "westeurope";

    public IEnumerable<JsonObject> Resources => resources.OfType<JsonObject>();

    public JsonObject Outputs => outputs;

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public static async Task<DeploymentSnapshot> TakeAsync(
        string template, IReadOnlyDictionary<string, object> parameters, string directory, string name)
    {
        var parametersFile = Path.Join(directory, $"{name}.bicepparam");
        // A parameters file names its template by a relative path only.
        var templatePath = Path.GetRelativePath(directory, template).Replace('\\', '/');
        await File.WriteAllTextAsync(parametersFile, BicepParameters(templatePath, parameters));

        var result = await BicepCli.RunAsync(
            directory, "snapshot", parametersFile, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location);
        if (result.ExitCode != 0 || BicepCli.Diagnostics(result).Count > 0)
        {
            throw new InvalidOperationException(result.ToString());
        }

        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Join(directory, $"{name}.snapshot.json")))!.AsObject();
        return new DeploymentSnapshot(snapshot["predictedResources"]!.AsArray(), snapshot["outputs"]?.AsObject() ?? []);
    }

    private static string BicepParameters(string template, IReadOnlyDictionary<string, object> parameters)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"using '{template}'\n");
        foreach (var (parameter, value) in parameters)
        {
            var literal = value switch
            {
                string s => $"'{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'",
                bool b => b ? "true" : "false",
                int i => i.ToString(CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"No Bicep literal for {value.GetType()}", nameof(parameters)),
            };
            text.Append(CultureInfo.InvariantCulture, $"param {parameter} = {literal}\n");
        }

        return text.ToString();
    }
}
