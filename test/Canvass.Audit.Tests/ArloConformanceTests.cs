namespace Canvass.Audit.Tests;

/// <summary>Every Arlo vector is a row: recognised and implemented → must match; recognised but pending → skipped with
/// the skip list's reason; not recognised → fails.</summary>
public sealed class ArloConformanceTests
{
    /// <summary>One row per vector key.</summary>
    public static TheoryData<string> Keys => [.. ArloVectors.Rows.Select(r => r.Key)];

    /// <summary>Checks one vector.</summary>
    [Theory]
    [MemberData(nameof(Keys))]
    public void Vector(string key)
    {
        var outcome = ArloVectorChecks.Check(ArloVectors.Get(key));
        switch (outcome.Status)
        {
            case VectorStatus.Skipped:
                Assert.Skip(outcome.Message);
                break;
            case VectorStatus.Failed:
                Assert.Fail(key + ": " + outcome.Message);
                break;
            case VectorStatus.Passed:
            default:
                break;
        }
    }

    /// <summary>One line per vector group and the totals; fails if any vector fails.</summary>
    [Fact]
    public void Summary()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var results = ArloVectors.Rows.Select(r => (Row: r, Outcome: ArloVectorChecks.Check(r))).ToList();
        foreach (var group in results.GroupBy(r => ArloVectorChecks.FunctionKey(r.Row)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var passed = group.Count(r => r.Outcome.Status == VectorStatus.Passed);
            var failed = group.Count(r => r.Outcome.Status == VectorStatus.Failed);
            var skipped = group.Count(r => r.Outcome.Status == VectorStatus.Skipped);
            var reason = group.Where(r => r.Outcome.Status == VectorStatus.Skipped).Select(r => r.Outcome.Message).Distinct().FirstOrDefault();
            output.WriteLine($"{group.Key}: {passed} passed, {failed} failed, {skipped} skipped{(reason is null ? "" : " (" + reason + ")")}");
        }

        var totalFailed = results.Count(r => r.Outcome.Status == VectorStatus.Failed);
        output.WriteLine($"{results.Count(r => r.Outcome.Status == VectorStatus.Passed)} passed, {totalFailed} failed, {results.Count(r => r.Outcome.Status == VectorStatus.Skipped)} skipped");
        Assert.Equal(0, totalFailed);
    }
}
