namespace Canvass.Audit.Tests;

/// <summary>Turns a vector's outcome into the xUnit result of its row test.</summary>
internal static class VectorOutcomeAssertions
{
    public static void AssertOutcome(this VectorOutcome outcome, string key)
    {
        if (outcome.Status == VectorStatus.Skipped)
        {
            Assert.Skip(outcome.Message);
        }

        if (outcome.Status == VectorStatus.Failed)
        {
            Assert.Fail(key + ": " + outcome.Message);
        }
    }
}
