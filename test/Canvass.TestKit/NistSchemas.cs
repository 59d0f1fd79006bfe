using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Json.Schema;

namespace Canvass.TestKit;

/// <summary>Validates documents against NIST's own published JSON Schemas and XSDs.</summary>
public static class NistSchemas
{
    private const string ErrNamespace = "http://itl.nist.gov/ns/voting/1500-100/v2";

    // NIST publishes the ERR JSON Schema as draft-04, which JsonSchema.Net (draft 6 and later) does not support.
    // The schema uses no draft-04-only keywords (no "id", no boolean exclusiveMinimum/Maximum), so, as NIST's own
    // cdf-test-method catalog does, we validate against a copy whose "$schema" is rewritten to draft-07 at test time.
    private static readonly Lazy<JsonSchema> ErrJson = new(() =>
    {
        var text = File.ReadAllText(ErrJsonSchemaPath).Replace(
            "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    });

    private static readonly Lazy<XmlSchemaSet> ErrXsd = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(ErrXsdPath);
        set.Add(ErrNamespace, reader);
        set.Compile();
        return set;
    });

    /// <summary>NIST SP 1500-100 v2 JSON Schema.</summary>
    public static string ErrJsonSchemaPath => SharedFolder.Combine("standards", "nist-1500-100", "NIST_V2_election_results_reporting.json");

    /// <summary>NIST SP 1500-100 v2 XSD.</summary>
    public static string ErrXsdPath => SharedFolder.Combine("standards", "nist-1500-100", "NIST_V2_election_results_reporting.xsd");

    /// <summary>Every JSON Schema violation of an election report; empty when valid.</summary>
    public static List<string> ValidateErrJson(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = ErrJson.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        if (result.IsValid)
        {
            return errors;
        }

        foreach (var d in result.Details ?? [])
        {
            foreach (var e in d.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{d.InstanceLocation}: {e.Key}: {e.Value}");
            }
        }

        if (errors.Count == 0)
        {
            errors.Add("invalid (no details)");
        }

        return errors;
    }

    /// <summary>Every XSD error or warning of an election report (identity constraints included); empty when valid.</summary>
    public static List<string> ValidateErrXml(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = ErrXsd.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var ms = new MemoryStream(xml);
        using var reader = XmlReader.Create(ms, settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
