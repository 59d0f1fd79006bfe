using System.Collections.Frozen;
using System.Xml.Linq;
using System.Xml.Schema;
using Canvass.Domain.Elections;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>NIST SP 1500-100 v2 enumeration values and name conversions.</summary>
internal static class NistNames
{
    public const string Namespace = "http://itl.nist.gov/ns/voting/1500-100/v2";
    public const string JsonTypePrefix = "ElectionResults.";

    /// <summary><c>xsi:type</c>, which names the concrete type of an element whose XSD type is abstract (<c>Contest</c>,
    /// <c>GpUnit</c>, …).</summary>
    public static readonly XName XsiType = XNamespace.Get(XmlSchema.InstanceNamespace) + "type";

    public static readonly FrozenSet<string> ReportingUnitTypes = FrozenSet.Create(
        StringComparer.Ordinal,
        "ballot-batch", "ballot-style-area", "borough", "city", "city-council", "combined-precinct", "congressional",
        "country", "county", "county-council", "drop-box", "judicial", "municipality", "other", "polling-place",
        "precinct", "school", "special", "split-precinct", "state", "state-house", "state-senate", "town", "township",
        "utility", "village", "vote-center", "ward", "water");

    public static readonly FrozenSet<string> ElectionTypes = FrozenSet.Create(
        StringComparer.Ordinal,
        "general", "partisan-primary-closed", "partisan-primary-open", "primary", "runoff", "special", "other");

    public static readonly FrozenSet<string> IdentifierTypes = FrozenSet.Create(
        StringComparer.Ordinal, "fips", "local-level", "national-level", "ocd-id", "state-level", "other");

    public static readonly FrozenSet<string> ResultsStatuses = FrozenSet.Create(
        StringComparer.Ordinal, "pre-election", "unofficial-partial", "unofficial-complete", "certified", "recount", "correction");

    public static readonly FrozenSet<string> ReportDetailLevels = FrozenSet.Create(
        StringComparer.Ordinal, "precinct-level", "summary-contest");

    /// <summary>NIST vote variations Canvass does not tabulate; read as <see cref="VoteVariation.Other"/> with the name kept.</summary>
    public static readonly FrozenSet<string> OtherVoteVariations = FrozenSet.Create(
        StringComparer.Ordinal, "borda", "cumulative", "proportional", "range");

    public static string ToNistName(this ElectionReportStatus status) => status switch
    {
        ElectionReportStatus.PreElection => "pre-election",
        ElectionReportStatus.UnofficialPartial => "unofficial-partial",
        ElectionReportStatus.UnofficialComplete => "unofficial-complete",
        ElectionReportStatus.Certified => "certified",
        ElectionReportStatus.Recount => "recount",
        ElectionReportStatus.Correction => "correction",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToNistName(this ElectionReportFormat format) => format switch
    {
        ElectionReportFormat.PrecinctLevel => "precinct-level",
        ElectionReportFormat.SummaryContest => "summary-contest",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ToNistName(this VoteVariation variation) => variation switch
    {
        VoteVariation.Plurality => "plurality",
        VoteVariation.NOfM => "n-of-m",
        VoteVariation.Majority => "majority",
        VoteVariation.SuperMajority => "super-majority",
        VoteVariation.Approval => "approval",
        VoteVariation.Rcv => "rcv",
        VoteVariation.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(variation)),
    };

    public static bool TryParseVoteVariation(string name, out VoteVariation variation)
    {
        switch (name)
        {
            case "plurality": variation = VoteVariation.Plurality; return true;
            case "n-of-m": variation = VoteVariation.NOfM; return true;
            case "majority": variation = VoteVariation.Majority; return true;
            case "super-majority": variation = VoteVariation.SuperMajority; return true;
            case "approval": variation = VoteVariation.Approval; return true;
            case "rcv": variation = VoteVariation.Rcv; return true;
            case "other": variation = VoteVariation.Other; return true;
            default: variation = VoteVariation.Other; return false;
        }
    }
}
