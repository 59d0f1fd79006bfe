using System.Collections.Immutable;
using Canvass.Domain;

namespace Canvass.Formats.Common;

/// <summary>Collects the problems found in one input. Keeps the first <see cref="Limit"/> and counts the rest, so a
/// file with a million bad rows reports quickly and in bounded memory.</summary>
public sealed class ProblemList(string? file, int limit = 1000)
{
    private readonly ImmutableArray<Problem>.Builder _problems = ImmutableArray.CreateBuilder<Problem>();

    public string? File { get; } = file;

    public int Limit { get; } = limit;

    /// <summary>All problems seen, including those not kept.</summary>
    public long Count { get; private set; }

    public bool HasProblems => Count > 0;

    public void Add(string code, string message, long? line = null, string? path = null)
    {
        Count++;
        if (_problems.Count < Limit)
        {
            _problems.Add(new Problem(code, message, File, line, path));
        }
    }

    public void Add(Problem problem)
    {
        Count++;
        if (_problems.Count < Limit)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>The kept problems, plus a final <see cref="ProblemCodes.TooManyProblems"/> entry when some were dropped.</summary>
    public ImmutableArray<Problem> ToImmutable()
    {
        if (Count <= _problems.Count)
        {
            return _problems.ToImmutable();
        }

        var dropped = Count - _problems.Count;
        return _problems.ToImmutable().Add(new Problem(
            ProblemCodes.TooManyProblems,
            $"{dropped} more problems not listed; fix the ones above and import again.",
            File));
    }
}
