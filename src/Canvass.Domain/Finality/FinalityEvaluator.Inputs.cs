using System.Globalization;
using Canvass.Domain.Facts;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Finality;

// What every fact says besides its kind, checked before it is recorded: its time against the election's calendar, its
// evidence link, and a concession's medium. Each goes into the permanent public log, so nothing else is let in.
public sealed partial class FinalityEvaluator
{
    private const int MaxEvidenceLength = 2048;

    /// <summary>How a concession is made, as <c>canvass record concession --medium</c> accepts it.</summary>
    public static IReadOnlyList<string> ConcessionMedia { get; } = ["speech", "statement", "call"];

    /// <summary>The earliest moment a fact like <paramref name="fact"/> can have happened. The count's facts (calls,
    /// concessions, certifications, recounts, audits, the electors' and Congress's steps) come after the votes are cast: from
    /// the start of election day in the contest's time zone. Legal steps can come before (litigation over the rules starts
    /// before election day): from the start of 1 January of the year before the election.</summary>
    /// <remarks>Where the contest's rules give no time zone, the day starts at UTC+14, the earliest anywhere.</remarks>
    public DateTimeOffset EarliestAt(IContestFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var day = IsLegalStep(fact) ? new DateOnly(Math.Max(1, Definition.EndDate.Year - 1), 1, 1) : Definition.EndDate;
        return StartOf(day, RulesFor(fact.Contest));
    }

    private static bool IsLegalStep(IContestFact fact) =>
        fact is LegalChallengeFiled or LegalChallengeRuled or LegalChallengeAppealed or LegalChallengeClosed or CourtOrderIssued;

    // A day starts where the day before it ends in the contest's time zone (JurisdictionRules.EndOf).
    private static DateTimeOffset StartOf(DateOnly day, IReadOnlyList<JurisdictionRules> rules) =>
        day == DateOnly.MinValue ? DateTimeOffset.MinValue
        : rules.Count > 0 ? rules[0].EndOf(day.AddDays(-1))
        : new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(14));

    private void CheckInputs(IContestFact fact, Action<string, string, string> bad)
    {
        var earliest = EarliestAt(fact);
        if (fact.At < earliest)
        {
            bad(ProblemCodes.BadValue, "at", IsLegalStep(fact)
                ? $"{When(fact.At)} is before {earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: a legal step about this election is recorded from 1 January of the year before it."
                : $"{When(fact.At)} is before election day ({Definition.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, from {When(earliest)}): calls, concessions, certifications, recounts, audits and the electors' steps come after the votes are cast.");
        }

        if (fact.Evidence is { } evidence && EvidenceProblem(evidence) is { } why)
        {
            bad(ProblemCodes.BadValue, "evidence", $"'{evidence}' {why}");
        }

        if (fact is ConcessionMade { Medium: { } medium } && !ConcessionMedia.Contains(medium, StringComparer.Ordinal))
        {
            bad(ProblemCodes.BadValue, "medium", $"Unknown medium '{medium}'. Media: {string.Join(", ", ConcessionMedia)}.");
        }
    }

    private static string? EvidenceProblem(string evidence)
    {
        const string Wanted = "give an absolute http:// or https:// URL.";
        if (evidence.Length > MaxEvidenceLength)
        {
            return $"is longer than {MaxEvidenceLength} characters; link to the evidence, do not paste it.";
        }

        // .NET reads a path such as /orders/1.pdf as a file: URI, and would quietly escape a space: a link starts with its
        // scheme and holds no white space or control characters.
        if (!(evidence.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || evidence.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || evidence.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch))
            || !Uri.TryCreate(evidence, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return "is not a link to the evidence: " + Wanted;
        }

        return uri.UserInfo.Length > 0 ? "carries a user name or password, which would be published in the log: leave them out." : null;
    }
}
