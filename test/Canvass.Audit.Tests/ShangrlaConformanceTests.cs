namespace Canvass.Audit.Tests;

/// <summary>Every SHANGRLA vector (and derived sample size) is a row: recognised → must match; in the skip list →
/// skipped with its reason; not recognised → fails.</summary>
public sealed class ShangrlaConformanceTests
{
    // The derived bootstrap sizes take seconds each; the row tests and the summary share one evaluation per vector.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<VectorOutcome>> Outcomes = new(StringComparer.Ordinal);

    private static VectorOutcome Outcome(string key) =>
        Outcomes.GetOrAdd(key, k => new Lazy<VectorOutcome>(() => ShangrlaVectorChecks.Check(ShangrlaVectors.Get(k)))).Value;

    /// <summary>One row per vector key.</summary>
    public static TheoryData<string> Keys => [.. ShangrlaVectors.Rows.Select(r => r.Key)];

    /// <summary>Checks one vector.</summary>
    [Theory]
    [MemberData(nameof(Keys))]
    public void Vector(string key)
    {
        Outcome(key).AssertOutcome(key);
    }

    /// <summary>One line per function and the totals; fails if any vector fails.</summary>
    [Fact]
    public void Summary()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var results = ShangrlaVectors.Rows.Select(r => (Row: r, Outcome: Outcome(r.Key))).ToList();
        foreach (var group in results.GroupBy(r => r.Row.Function).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var passed = group.Count(r => r.Outcome.Status == VectorStatus.Passed);
            var failed = group.Count(r => r.Outcome.Status == VectorStatus.Failed);
            var skipped = group.Count(r => r.Outcome.Status == VectorStatus.Skipped);
            output.WriteLine($"{group.Key}: {passed} passed, {failed} failed, {skipped} skipped");
            foreach (var (row, outcome) in group.Where(r => r.Outcome.Status != VectorStatus.Passed))
            {
                output.WriteLine($"  {row.Key}: {outcome.Status}: {outcome.Message}");
            }
        }

        var totalFailed = results.Count(r => r.Outcome.Status == VectorStatus.Failed);
        output.WriteLine($"{results.Count(r => r.Outcome.Status == VectorStatus.Passed)} passed, {totalFailed} failed, {results.Count(r => r.Outcome.Status == VectorStatus.Skipped)} skipped");
        Assert.Equal(0, totalFailed);
    }
}
