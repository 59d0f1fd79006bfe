using System.Globalization;
using Canvass.Domain;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>Turns a <see cref="NistRawCvr"/> into a <see cref="CastVoteRecord"/>, the same way for JSON and XML.</summary>
internal sealed class NistCvrResolver(ElectionLookups lookups, CountItemType voteMethod, ProblemList problems)
{
    private readonly List<ContestMarks> _contests = [];
    private readonly List<Mark> _marks = [];

    public CastVoteRecord? Resolve(NistRawCvr cvr)
    {
        var before = problems.Count;
        var line = cvr.Line;
        if (cvr.Duplicates is { } duplicates)
        {
            JsonDuplicates.Report(duplicates, problems, line);
        }

        foreach (var (path, message) in cvr.SchemaErrors)
        {
            problems.Add(ProblemCodes.Schema, message, line, path);
        }

        if (cvr.Unreadable)
        {
            return null;
        }

        var ballotId = cvr.BallotAuditId ?? cvr.UniqueId ?? cvr.Id
            ?? (cvr.BallotPrePrintedId is { } pre ? (cvr.BallotSheetId is { } sheet ? pre + "/" + sheet : pre) : null);
        if (string.IsNullOrEmpty(ballotId))
        {
            problems.Add(ProblemCodes.Schema, "The CVR has no ballot id (BallotAuditId, UniqueId, @id or BallotPrePrintedId).", line, cvr.Path);
        }
        else if (ballotId.Contains('\0'))
        {
            problems.Add(ProblemCodes.BadValue, CvrText.NulMessage("ballot id"), line, cvr.Path);
        }

        if (cvr.BatchId is { } batchId && batchId.Contains('\0'))
        {
            problems.Add(ProblemCodes.BadValue, CvrText.NulMessage("batch"), line, cvr.Path + ".BatchId");
        }

        NistRawSnapshot? snapshot = null;
        if (cvr.CurrentSnapshotId is null)
        {
            problems.Add(ProblemCodes.Schema, "CurrentSnapshotId is missing.", line, cvr.Path);
        }
        else
        {
            snapshot = cvr.Snapshots.Find(s => string.Equals(s.Id, cvr.CurrentSnapshotId, StringComparison.Ordinal));
            if (snapshot is null)
            {
                problems.Add(ProblemCodes.UnknownReference, $"CurrentSnapshotId '{cvr.CurrentSnapshotId}' names no CVRSnapshot of this CVR.", line, cvr.Path + ".CurrentSnapshotId");
            }
            else if (cvr.Snapshots.FindLastIndex(s => string.Equals(s.Id, cvr.CurrentSnapshotId, StringComparison.Ordinal)) is var last
                && cvr.Snapshots[last] != snapshot)
            {
                // Which of the two is current cannot be told; the first was taken without a word.
                problems.Add(ProblemCodes.DuplicateId, $"Two CVRSnapshots have the id '{cvr.CurrentSnapshotId}' that CurrentSnapshotId names.", line, cvr.Snapshots[last].Path);
                snapshot = null;
            }
        }

        int county;
        var precinct = -1;
        if (cvr.BallotStyleUnitId is null)
        {
            county = lookups.Scope;
        }
        else if (lookups.Units.TryGet(cvr.BallotStyleUnitId, out var unit))
        {
            county = lookups.CountyOf(unit);
            if (county != unit)
            {
                precinct = unit;
            }
        }
        else
        {
            problems.Add(ProblemCodes.UnknownReference, $"BallotStyleUnitId '{cvr.BallotStyleUnitId}' is not a unit of the election.", line, cvr.Path + ".BallotStyleUnitId");
            county = -2;
        }

        if (county == -1)
        {
            problems.Add(ProblemCodes.UnknownReference, "The ballot's county cannot be found: its unit has no county and the election scope is not a unit.", line, cvr.Path);
        }

        var style = -1;
        if (cvr.BallotStyleId is not null && !lookups.Styles.TryGet(cvr.BallotStyleId, out style))
        {
            style = -1;
            if (!lookups.Index.Definition.BallotStyles.IsEmpty)
            {
                problems.Add(ProblemCodes.UnknownReference, $"BallotStyleId '{cvr.BallotStyleId}' is not a ballot style of the election.", line, cvr.Path + ".BallotStyleId");
            }
        }

        if (snapshot is null)
        {
            return null;
        }

        // Contests are checked even when the ballot already has a problem, so that one run lists every problem.
        var onBallot = county >= 0 ? lookups.Index.ContestsOnBallot(precinct >= 0 ? precinct : county, style) : null;
        _contests.Clear();
        foreach (var c in snapshot.Contests)
        {
            ResolveContest(c, onBallot, precinct >= 0 ? precinct : county, style, line);
        }

        if (problems.Count != before)
        {
            return null;
        }

        _contests.Sort((a, b) => a.Contest.CompareTo(b.Contest));
        return new CastVoteRecord(ballotId!, county, precinct, cvr.BatchId, voteMethod, style, [.. _contests]);
    }

    private void ResolveContest(NistRawContest c, IReadOnlyList<bool>? onBallot, int unit, int style, long line)
    {
        if (c.ContestId is null || !lookups.Contests.TryGet(c.ContestId, out var contest))
        {
            problems.Add(ProblemCodes.UnknownReference, $"ContestId '{c.ContestId}' is not a contest of the election.", line, c.Path + ".ContestId");
            return;
        }

        if (onBallot is not null && !onBallot[contest])
        {
            problems.Add(ProblemCodes.ContestNotOnBallot, lookups.Index.WhyNotOnBallot(contest, unit, style), line, c.Path);
            return;
        }

        if (_contests.Exists(x => x.Contest == contest))
        {
            problems.Add(ProblemCodes.DuplicateId, $"Contest '{c.ContestId}' appears twice in the snapshot.", line, c.Path);
            return;
        }

        _marks.Clear();
        var ok = true;

        // Overvotes and Undervotes are counts of votes (NIST: integers of zero or more); an Overvotes that is anything else
        // would be read as "overvoted".
        if (!IsCount(c.Overvotes, "Overvotes", c.Path, line, problems) | !IsCount(c.Undervotes, "Undervotes", c.Path, line, problems))
        {
            return;
        }

        // NIST's own examples write an overvote as indicated marks that are not allocable, with the contest's Overvotes
        // (or Status 'overvoted') saying so. Read that way, the ballot kept no marks and was counted as an undervote.
        var overvoted = lookups.Index.Definition.Contests[contest].VoteVariation != VoteVariation.Rcv
            && (c.Statuses.Contains("overvoted") || c.Overvotes is { } o && o != "0");
        foreach (var s in c.Selections)
        {
            foreach (var p in s.Positions)
            {
                if (!(overvoted ? p.HasIndication == "yes" || Counts(p, line, ref ok) : Counts(p, line, ref ok)))
                {
                    continue;
                }

                if (s.ContestSelectionId is null)
                {
                    problems.Add(ProblemCodes.Unsupported, "An allocable mark has no ContestSelectionId; adjudicate the write-in to a selection first.", line, s.Path);
                    ok = false;
                    continue;
                }

                if (!lookups.Selections[contest].TryGet(s.ContestSelectionId, out var selection))
                {
                    problems.Add(ProblemCodes.UnknownReference, $"ContestSelectionId '{s.ContestSelectionId}' is not a selection of contest '{c.ContestId}'.", line, s.Path + ".ContestSelectionId");
                    ok = false;
                    continue;
                }

                var rankText = p.Rank ?? s.Rank;
                var rank = 0;
                if (rankText is not null && (!int.TryParse(rankText, NumberStyles.None, CultureInfo.InvariantCulture, out rank) || rank < 1))
                {
                    problems.Add(ProblemCodes.BadValue, $"Rank '{rankText}' is not a positive whole number.", line, p.Path + ".Rank");
                    ok = false;
                    continue;
                }

                if (rank == 0 && !overvoted && _marks.Exists(x => x.Selection == selection))
                {
                    // Two marks for one selection would count as two votes for it (an overvoted contest keeps them: NIST's
                    // example 1 overvotes by marking one candidate in two positions).
                    problems.Add(ProblemCodes.BadValue, $"Selection '{s.ContestSelectionId}' is marked twice in contest '{c.ContestId}'.", line, s.Path);
                    ok = false;
                    continue;
                }

                _marks.Add(new Mark(selection, rank));
            }
        }

        if (ok && overvoted && _marks.Count <= lookups.Index.Definition.Contests[contest].VotesAllowed)
        {
            problems.Add(ProblemCodes.Inconsistent,
                $"Contest '{c.ContestId}' is marked overvoted, but its {_marks.Count} indicated mark(s) do not exceed the {lookups.Index.Definition.Contests[contest].VotesAllowed} vote(s) allowed.",
                line, c.Path);
            ok = false;
        }

        if (ok)
        {
            _contests.Add(new ContestMarks(contest, [.. _marks]));
        }
    }

    /// <summary>Policy: a position counts when IsAllocable is <c>yes</c>; when IsAllocable is absent, when HasIndication is
    /// <c>yes</c> and no status says <c>invalidated-rules</c>. IsAllocable <c>unknown</c> means the mark awaits
    /// adjudication: a problem, since the ballot cannot be tabulated yet.</summary>
    private bool Counts(NistRawPosition p, long line, ref bool ok)
    {
        bool counts;
        switch (p.IsAllocable)
        {
            case "yes":
                counts = true;
                break;
            case "no":
                return false;
            case "unknown":
                problems.Add(ProblemCodes.Unsupported, "A mark needs adjudication (IsAllocable is 'unknown'); export the adjudicated snapshot.", line, p.Path + ".IsAllocable");
                ok = false;
                return false;
            case null:
                counts = p.HasIndication == "yes" && !p.Statuses.Contains("invalidated-rules");
                break;
            default:
                problems.Add(ProblemCodes.Schema, $"IsAllocable '{p.IsAllocable}' is not yes, no or unknown.", line, p.Path + ".IsAllocable");
                ok = false;
                return false;
        }

        if (p.NumberVotes is { } votes && !IsCount(votes, "NumberVotes", p.Path, line, problems))
        {
            ok = false;
            return false;
        }

        if (counts && p.NumberVotes is not (null or "1"))
        {
            problems.Add(ProblemCodes.Unsupported, $"NumberVotes '{p.NumberVotes}' is not supported; only 1 vote per position.", line, p.Path + ".NumberVotes");
            ok = false;
            return false;
        }

        return counts;
    }

    /// <summary>Whether a count member (<paramref name="name"/> of the object at <paramref name="path"/>) is absent or a
    /// whole number of zero or more, as NIST's schema has it; if not, a bad value at its path.</summary>
    private static bool IsCount(string? value, string name, string path, long line, ProblemList problems)
    {
        if (value is null || long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        problems.Add(ProblemCodes.BadValue, $"{name} '{value}' is not a whole number of zero or more.", line, path + "." + name);
        return false;
    }
}
