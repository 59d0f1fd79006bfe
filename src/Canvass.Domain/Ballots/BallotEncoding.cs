using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Ballots;

/// <summary>The canonical text form of a ballot's marks, used to store CVRs and (later) to commit to them.</summary>
/// <remarks>
/// <para>Format: contests in ascending definition order separated by <c>;</c>; each is <c>contestId=</c> followed by its
/// marks in ballot order separated by <c>|</c>; a ranked mark is <c>selectionId@rank</c>. A contest on the ballot with no
/// marks is written <c>contestId=</c>. Example: <c>cc-president=cs-biden;bm-prop-1=bm-prop-1-no;cc-council=</c>.</para>
/// <para>The separators cannot occur in NIST ids (NCNames), so the form is unambiguous.</para>
/// </remarks>
public static class BallotEncoding
{
    /// <summary>Encodes the marks of <paramref name="cvr"/>.</summary>
    /// <remarks>Measures the text first and writes it in place: one allocation, the result (this runs once per ballot
    /// on import).</remarks>
    public static string EncodeMarks(CastVoteRecord cvr, ElectionDefinition election)
    {
        var length = 0;
        for (var i = 0; i < cvr.Contests.Length; i++)
        {
            var cm = cvr.Contests[i];
            var contest = election.Contests[cm.Contest];
            length += (i > 0 ? 1 : 0) + contest.Id.Value.Length + 1;
            for (var m = 0; m < cm.Marks.Length; m++)
            {
                var mark = cm.Marks[m];
                length += (m > 0 ? 1 : 0) + contest.Selections[mark.Selection].Id.Value.Length;
                if (mark.Rank > 0)
                {
                    length += 1 + CountDigits(mark.Rank);
                }
            }
        }

        return string.Create(length, (cvr, election), static (span, state) =>
        {
            var (cvr, election) = state;
            var at = 0;
            for (var i = 0; i < cvr.Contests.Length; i++)
            {
                var cm = cvr.Contests[i];
                var contest = election.Contests[cm.Contest];
                if (i > 0)
                {
                    span[at++] = ';';
                }

                Append(span, ref at, contest.Id.Value);
                span[at++] = '=';
                for (var m = 0; m < cm.Marks.Length; m++)
                {
                    if (m > 0)
                    {
                        span[at++] = '|';
                    }

                    var mark = cm.Marks[m];
                    Append(span, ref at, contest.Selections[mark.Selection].Id.Value);
                    if (mark.Rank > 0)
                    {
                        span[at++] = '@';
                        mark.Rank.TryFormat(span[at..], out var written, provider: CultureInfo.InvariantCulture);
                        at += written;
                    }
                }
            }
        });
    }

    private static void Append(Span<char> span, ref int at, string value)
    {
        value.CopyTo(span[at..]);
        at += value.Length;
    }

    private static int CountDigits(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Decodes marks written by <see cref="EncodeMarks"/> for a store's own election. Throws
    /// <see cref="FormatException"/> on text that this method did not write.</summary>
    public static ImmutableArray<ContestMarks> DecodeMarks(string text, ElectionIndex index)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var contests = ImmutableArray.CreateBuilder<ContestMarks>();
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !index.TryGetContest(new ContestId(part[..eq]), out int contest))
            {
                throw new FormatException($"Not a stored contest: '{part}'.");
            }

            var marks = ImmutableArray.CreateBuilder<Mark>();
            if (eq < part.Length - 1)
            {
                foreach (var token in part[(eq + 1)..].Split('|'))
                {
                    var at = token.IndexOf('@', StringComparison.Ordinal);
                    var id = at < 0 ? token : token[..at];
                    var rank = at < 0 ? 0 : int.Parse(token.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture);
                    if (!index.TryGetSelection(contest, new SelectionId(id), out var selection))
                    {
                        throw new FormatException($"Not a selection of {part[..eq]}: '{id}'.");
                    }

                    marks.Add(new Mark(selection, rank));
                }
            }

            contests.Add(new ContestMarks(contest, marks.ToImmutable()));
        }

        return contests.ToImmutable();
    }
}
