using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Json.Schema;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>Validates output against NIST's own JSON Schema and XSD.</summary>
internal static class NistValidation
{
    // NIST publishes the ERR JSON Schema as draft-04, which JsonSchema.Net (draft 6 and later) does not support.
    // The schema uses no draft-04-only keywords (no "id", no boolean exclusiveMinimum/Maximum), so, as NIST's own
    // cdf-test-method catalog does, we validate against a copy whose "$schema" is rewritten to draft-07 at test time.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var text = File.ReadAllText(NistFiles.JsonSchemaPath).Replace(
            "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    });

    private static readonly Lazy<XmlSchemaSet> Xsd = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(NistFiles.XsdPath);
        set.Add("http://itl.nist.gov/ns/voting/1500-100/v2", reader);
        set.Compile();
        return set;
    });

    public static List<string> ValidateJson(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        if (result.IsValid)
        {
            return errors;
        }

        if (result.Details is { } details)
        {
            foreach (var d in details)
            {
                if (d.Errors is null)
                {
                    continue;
                }

                foreach (var e in d.Errors)
                {
                    errors.Add($"{d.InstanceLocation}: {e.Key}: {e.Value}");
                }
            }
        }

        if (errors.Count == 0)
        {
            errors.Add("invalid (no details)");
        }

        return errors;
    }

    public static List<string> ValidateXml(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Xsd.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) =>
            errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var ms = new MemoryStream(xml);
        using var reader = XmlReader.Create(ms, settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
