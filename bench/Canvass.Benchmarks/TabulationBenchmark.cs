using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;

namespace Canvass.Benchmarks;

/// <summary>Tallying a large columnar ballot set against one plain pass over the same arrays.</summary>
/// <remarks>
/// Generates <c>ballots</c> ballots with ten contests each (nine vote-for-one, one vote-for-three; 2,000 precincts in 20
/// counties; three vote methods; a few blank and overvoted contests) deterministically with a fixed-seed xorshift, stores
/// them in <see cref="BallotColumns"/>, then reports the median of several runs of (a) a sequential pass that reads every
/// ballot's unit and method and every mark (sum of selection indices: the floor for any tally) and (b)
/// <see cref="CvrTally.Add(BallotColumns)"/>, plus a chunked two-tally run merged with <see cref="CvrTally.Merge"/>.
/// </remarks>
public static class TabulationBenchmark
{
    private const int Counties = 20;
    private const int PrecinctsPerCounty = 100;
    private const int Repetitions = 7;

    /// <summary>Runs the benchmark and writes the figures to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int ballots)
    {
        ArgumentNullException.ThrowIfNull(output);
        var index = new ElectionIndex(Election());
        var generate = Stopwatch.StartNew();
        var columns = Generate(index, ballots);
        generate.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {columns.Count:N0} ballots x 10 contests in {generate.Elapsed.TotalSeconds:F1} s; BallotColumns holds {columns.AllocatedBytes:N0} bytes = {(double)columns.AllocatedBytes / columns.Count:F1} bytes/ballot"));

        long checksum = 0;
        checksum += Baseline(columns); // warm-up (JIT tiers)
        var tally = new CvrTally(index);
        tally.Add(columns);

        var baseline = new double[Repetitions];
        var tallied = new double[Repetitions];
        var parallel = new double[Repetitions];
        var baselineCpu = new double[Repetitions];
        var talliedCpu = new double[Repetitions];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < Repetitions; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            checksum += Baseline(columns);
            baseline[r] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            baselineCpu[r] = (process.TotalProcessorTime - cpu).TotalMilliseconds;

            cpu = process.TotalProcessorTime;
            sw.Restart();
            tally = new CvrTally(index);
            tally.Add(columns);
            tallied[r] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            talliedCpu[r] = (process.TotalProcessorTime - cpu).TotalMilliseconds;

            sw.Restart();
            Parallel(index, columns);
            parallel[r] = sw.Elapsed.TotalMilliseconds;
        }

        var b = Stats.Median(baseline);
        var t = Stats.Median(tallied);
        var p = Stats.Median(parallel);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {Repetitions}: baseline pass {b:F0} ms; CvrTally.Add(BallotColumns) {t:F0} ms; ratio {t / b:F2}x; " +
            $"{Environment.ProcessorCount} chunks + Merge {p:F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best of {Repetitions}: baseline pass {baseline.Min():F0} ms; CvrTally.Add(BallotColumns) {tallied.Min():F0} ms; ratio {tallied.Min() / baseline.Min():F2}x"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process CPU time, median of {Repetitions}: baseline pass {Stats.Median(baselineCpu):F0} ms; CvrTally.Add(BallotColumns) {Stats.Median(talliedCpu):F0} ms; " +
            $"ratio {Stats.Median(talliedCpu) / Stats.Median(baselineCpu):F2}x (checksum {checksum}, ballots tallied {tally.BallotCount:N0})"));
    }

    /// <summary>One sequential pass over the columns that reads every unit, method and mark.</summary>
    private static long Baseline(BallotColumns columns)
    {
        var units = columns.UnitColumn;
        var methods = columns.MethodColumn;
        var offsets = columns.OffsetColumn;
        var data = columns.MarkStream;
        long sum = 0;
        for (var b = 0; b < units.Length; b++)
        {
            sum += units[b] + methods[b];
            var p = offsets[b];
            var stop = offsets[b + 1];
            while (p < stop)
            {
                int n = data[p + 1];
                p += 2;
                for (var k = 0; k < n; k++)
                {
                    sum += data[p + k];
                }

                p += n;
            }
        }

        return sum;
    }

    private static void Parallel(ElectionIndex index, BallotColumns columns)
    {
        var chunks = Environment.ProcessorCount;
        var tallies = new CvrTally[chunks];
        var size = (columns.Count + chunks - 1) / chunks;
        System.Threading.Tasks.Parallel.For(0, chunks, i =>
        {
            var start = Math.Min(columns.Count, i * size);
            var tally = new CvrTally(index);
            tally.Add(columns, start, Math.Min(size, columns.Count - start));
            tallies[i] = tally;
        });
        for (var i = 1; i < chunks; i++)
        {
            tallies[0].Merge(tallies[i]);
        }
    }

    private static BallotColumns Generate(ElectionIndex index, int ballots)
    {
        var definition = index.Definition;
        var contests = definition.Contests;

        // Pre-built mark lists per contest: [blank, each single selection, overvote, (vote-for-3) pairs and triples].
        var choices = new ContestMarks[contests.Length][];
        for (var c = 0; c < contests.Length; c++)
        {
            var list = new List<ContestMarks> { new(c, []) };
            var n = contests[c].Selections.Length;
            for (var s = 0; s < n; s++)
            {
                list.Add(new ContestMarks(c, [new Mark(s)]));
            }

            if (contests[c].VotesAllowed == 3)
            {
                for (var s = 0; s + 2 < n; s++)
                {
                    list.Add(new ContestMarks(c, [new Mark(s), new Mark(s + 1)]));
                    list.Add(new ContestMarks(c, [new Mark(s), new Mark(s + 1), new Mark(s + 2)]));
                }
            }

            list.Add(new ContestMarks(c, [.. Enumerable.Range(0, contests[c].VotesAllowed + 1).Select(s => new Mark(s % n))]));
            choices[c] = [.. list];
        }

        var columns = new BallotColumns(index, ballots, checked(ballots * 34));
        CountItemType[] methods = [CountItemType.ElectionDay, CountItemType.Early, CountItemType.AbsenteeMail];
        var marks = new ContestMarks[contests.Length];
        var shared = ImmutableCollectionsMarshal.AsImmutableArray(marks); // reused: BallotColumns copies on Add
        ulong state = 0x9E3779B97F4A7C15UL;
        for (var b = 0; b < ballots; b++)
        {
            var precinct = 1 + Counties + (int)(Next(ref state) % (Counties * PrecinctsPerCounty));
            var county = 1 + ((precinct - 1 - Counties) / PrecinctsPerCounty);
            var method = methods[Next(ref state) % 3];
            for (var c = 0; c < contests.Length; c++)
            {
                var options = choices[c];
                var roll = Next(ref state);
                // ~3% blank, ~1% overvote, otherwise a valid choice.
                var pick = (roll % 100) switch
                {
                    < 3 => 0,
                    < 4 => options.Length - 1,
                    _ => 1 + (int)((roll >> 8) % (ulong)(options.Length - 2)),
                };
                marks[c] = options[pick];
            }

            columns.Add(new CastVoteRecord("b", county, precinct, null, method, -1, shared));
        }

        columns.TrimExcess();
        return columns;
    }

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }

    private static ElectionDefinition Election()
    {
        var units = new List<GpUnit>
        {
            new(new GpUnitId("st"), "State", "state", [.. Enumerable.Range(0, Counties).Select(i => new GpUnitId("c" + i))], []),
        };
        for (var c = 0; c < Counties; c++)
        {
            units.Add(new GpUnit(new GpUnitId("c" + c), "County " + c, "county",
                [.. Enumerable.Range(c * PrecinctsPerCounty, PrecinctsPerCounty).Select(p => new GpUnitId("p" + p))], []));
        }

        for (var p = 0; p < Counties * PrecinctsPerCounty; p++)
        {
            units.Add(new GpUnit(new GpUnitId("p" + p), "Precinct " + p, "precinct", [], []));
        }

        var contests = Enumerable.Range(0, 10).Select(k =>
        {
            var selections = 2 + (k % 6);
            var allowed = k == 9 ? 3 : 1;
            return new Contest(new ContestId("k" + k), "Contest " + k, ContestKind.Candidate, new GpUnitId("st"), allowed,
                allowed, allowed == 1 ? VoteVariation.Plurality : VoteVariation.NOfM,
                [.. Enumerable.Range(0, selections).Select(s => new ContestSelection(new SelectionId($"k{k}-s{s}"), [], false, "S" + s, []))]);
        });

        return new ElectionDefinition("Benchmark", new GpUnitId("st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3),
            "general", "Bench", "BN", [.. units], [], [], [], [.. contests], []);
    }
}
