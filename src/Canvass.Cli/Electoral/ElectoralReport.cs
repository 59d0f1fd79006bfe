using Canvass.Cli.Common;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;

namespace Canvass.Cli.Electoral;

/// <summary>What <c>canvass electoral --json</c> prints: the pledged allocation per state and nationally, the outcome, and
/// (with <c>--cast</c>) the electoral votes cast.</summary>
internal sealed record ElectoralReport(
    string Contest,
    string Rules,
    int TotalElectors,
    int Majority,
    IReadOnlyList<ElectoralStateReport> States,
    IReadOnlyList<ElectoralVotesReport> Pledged,
    int Unallocated,
    ElectoralOutcomeReport Outcome,
    ElectoralCastReport? Cast)
{
    public static ElectoralReport From(ElectionDefinition definition, ContestId contest, ElectoralAllocation allocation, ElectoralCastRollUp? cast, string? castSource)
    {
        var names = definition.Candidates.ToDictionary(c => c.Id.Value, c => c.BallotName, StringComparer.Ordinal);
        ElectoralVotesReport V(CandidateElectoralVotes v) => new(v.Candidate, names.GetValueOrDefault(v.Candidate, v.Candidate), v.Votes);
        List<ElectoralVotesReport> L(IEnumerable<CandidateElectoralVotes> votes) => [.. votes.Select(V)];
        ElectoralOutcomeReport O(ElectoralOutcome o) => new(
            Kind(o.Kind), o.Winner, o.Winner is null ? null : names.GetValueOrDefault(o.Winner, o.Winner), o.Majority,
            o.HouseCandidates.IsDefaultOrEmpty ? null : [.. o.HouseCandidates],
            o.Kind == ElectoralOutcomeKind.ContingentElectionRequired ? o.StatesNeeded : null,
            o.SenateCandidates.IsDefaultOrEmpty ? null : [.. o.SenateCandidates]);

        var castStates = cast?.States.ToDictionary(s => s.State, StringComparer.Ordinal);
        var states = allocation.States.Select(s =>
        {
            var c = castStates?.GetValueOrDefault(s.Rule.State);
            return new ElectoralStateReport(
                s.Rule.State,
                s.Rule.Name,
                Method(s.Rule.Method),
                s.Rule.Counting == ElectoralCounting.RankedChoice ? "ranked-choice" : "plurality",
                s.Rule.ElectoralVotes,
                [.. s.Units.Select(u => new ElectoralUnitReport(
                    u.Unit.Id, u.Unit.ElectoralVotes, Status(u.Outcome.Status), u.PledgedTo,
                    u.PledgedTo is null ? null : names.GetValueOrDefault(u.PledgedTo, u.PledgedTo),
                    u.Outcome.Tied.IsDefaultOrEmpty ? null : [.. u.Outcome.Tied], u.Outcome.Contest,
                    u.Outcome.Status == ElectoralUnitStatus.NotATicket
                        ? $"won by '{names.GetValueOrDefault(u.Outcome.Winner ?? "", u.Outcome.Winner ?? "")}' ({u.Outcome.Winner}), which is not a ticket of {contest}: its {Quantity.Of(u.Unit.ElectoralVotes, "elector")} {(u.Unit.ElectoralVotes == 1 ? "is" : "are")} unallocated"
                        : null))],
                L(s.Electors),
                s.Unallocated,
                s.IsSplit,
                c is null || !c.HasVoted ? null : L(c.President),
                c is null || c.Deviations.IsDefaultOrEmpty ? null : [.. c.Deviations.Select(Deviation)]);
        }).ToList();
        var castReport = cast is null ? null : new ElectoralCastReport(
            castSource ?? "",
            L(cast.President),
            L(cast.VicePresident),
            cast.NotCast,
            [.. cast.NotVoted],
            cast.Faithless,
            [.. cast.Deviations.Select(Deviation)],
            O(cast.PresidentOutcome),
            O(cast.VicePresidentOutcome));
        return new ElectoralReport(contest.Value, allocation.Rules.Name, allocation.Rules.TotalElectors, allocation.Rules.Majority,
            states, L(allocation.Totals), allocation.Unallocated, O(allocation.Outcome), castReport);
    }

    public static string Kind(ElectoralOutcomeKind kind) => kind switch
    {
        ElectoralOutcomeKind.Elected => "elected",
        ElectoralOutcomeKind.ContingentElectionRequired => "contingent-election-required",
        _ => "undetermined",
    };

    public static string Method(ElectoralMethod method) => method == ElectoralMethod.CongressionalDistrict ? "congressional-district" : "winner-take-all";

    private static string Status(ElectoralUnitStatus status) => status switch
    {
        ElectoralUnitStatus.Won => "won",
        ElectoralUnitStatus.Tied => "tied",
        ElectoralUnitStatus.RoundsNeeded => "rounds-needed",
        ElectoralUnitStatus.NotATicket => "not-a-ticket",
        _ => "uncounted",
    };

    private static ElectorDeviationReport Deviation(ElectorDeviation d) =>
        new(d.State, d.Office == ElectoralOffice.President ? "president" : "vice-president", d.Candidate, d.Pledged, d.Cast);
}

internal sealed record ElectoralStateReport(
    string State,
    string Name,
    string Method,
    string Counting,
    int ElectoralVotes,
    IReadOnlyList<ElectoralUnitReport> Units,
    IReadOnlyList<ElectoralVotesReport> Electors,
    int Unallocated,
    bool Split,
    IReadOnlyList<ElectoralVotesReport>? Cast,
    IReadOnlyList<ElectorDeviationReport>? Deviations);

internal sealed record ElectoralUnitReport(
    string Unit, int ElectoralVotes, string Status, string? Winner, string? WinnerName, IReadOnlyList<string>? Tied, string? Contest, string? Problem);

internal sealed record ElectoralVotesReport(string Candidate, string Name, int Votes);

internal sealed record ElectoralOutcomeReport(
    string Kind,
    string? Winner,
    string? WinnerName,
    int Majority,
    IReadOnlyList<string>? HouseCandidates,
    int? StatesNeeded,
    IReadOnlyList<string>? SenateCandidates);

internal sealed record ElectoralCastReport(
    string Source,
    IReadOnlyList<ElectoralVotesReport> President,
    IReadOnlyList<ElectoralVotesReport> VicePresident,
    int NotCast,
    IReadOnlyList<string> NotVoted,
    int Faithless,
    IReadOnlyList<ElectorDeviationReport> Deviations,
    ElectoralOutcomeReport PresidentOutcome,
    ElectoralOutcomeReport VicePresidentOutcome);

internal sealed record ElectorDeviationReport(string State, string Office, string Candidate, int Pledged, int Cast);
