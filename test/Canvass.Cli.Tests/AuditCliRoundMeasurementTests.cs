using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Storage;
using Canvass.Storage.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass verify</c> measures every closed round of a ballot audit again, as <c>canvass audit close-round</c>
/// measured it, from the log before the closing and the committed CVRs: an honest log verifies with a note saying so, and
/// a closing whose risk, votes, discrepancies or decision are not what its entries give fails.</summary>
public sealed class AuditCliRoundMeasurementTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private readonly Canvass _canvass = new();

    public AuditCliRoundMeasurementTests() => AuditTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args) => Json.Parse(_canvass.Run([.. args, "--json"]));

    // The paper shows Bo on every third ballot: discrepancies in a comparison audit, fewer votes for Ada in a polling one.
    private static string Paper(int i) => i % 3 == 0 ? "cs-gov-b" : AuditTestElection.Governor(i);

    private void OpenRound(string type, int round, int size)
    {
        if (round == 1)
        {
            Run("audit", "create", "--contest", "cc-gov", "--opportunistic", "bm-1", "--type", type, "--risk-limit", "5");
            Run("audit", "seed", "--seed", Seed);
        }

        AuditTestElection.Record(_canvass, Run("audit", "sample", "--size", size.ToString(CultureInfo.InvariantCulture)), Paper);
    }

    private CliRun Verify() => _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));

    [Theory]
    [InlineData("ballot-polling")]
    [InlineData("ballot-comparison")]
    public void Verify_MeasuresEveryClosedRoundAgain_HonestAuditPasses(string type)
    {
        OpenRound(type, 1, 8);
        var first = Run("audit", "close-round");
        Assert.Equal("next-round", first.GetProperty("decision").GetString());
        OpenRound(type, 2, 6);
        var second = Run("audit", "close-round");
        if (type == "ballot-comparison")
        {
            // The measurement read the CVRs' marks: verify must read the same ones back from the commitment to agree.
            Assert.True(second.GetProperty("contests")[0].GetProperty("overstatements2").GetInt32() > 0, second.ToString());
        }

        var verify = Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Matches(@"2 audit rounds re-drawn from the public seed and matched; ([2-9]|[1-9][0-9]+) drawn ballots' CVRs located again at their manifest places; 2 closed rounds measured again as close-round measures them and matched", verify.Stdout);
    }

    [Theory]
    [InlineData("ballot-polling", "risk")]
    [InlineData("ballot-polling", "votes")]
    [InlineData("ballot-polling", "zero-risk")]
    [InlineData("ballot-comparison", "risk")]
    [InlineData("ballot-comparison", "discrepancies")]
    public async Task Verify_ClosingNotWhatItsEntriesGive_Fails(string type, string altered)
    {
        OpenRound(type, 1, 8);
        var honest = await HonestClosingAsync();
        var outcome = honest.Contests[0];
        var forged = altered switch
        {
            "risk" => outcome with { PValue = (double.Parse(outcome.PValue, CultureInfo.InvariantCulture) / 2).ToString("R", CultureInfo.InvariantCulture) },
            // Arlo's rule before 3 December 2026 gave risk 0 only once the draws reached the ballots, not after 8 of 200.
            "zero-risk" => outcome with { PValue = "0", RiskLimitMet = true },
            "votes" => outcome with { SampleVotes = outcome.SampleVotes.SetItem(0, outcome.SampleVotes[0] with { Votes = outcome.SampleVotes[0].Votes + 1 }) },
            _ => outcome with { Overstatements2 = outcome.Overstatements2 - 1, Overstatements1 = outcome.Overstatements1 + 1 },
        };
        Assert.NotEqual(outcome, forged);
        await Tamper.AppendSignedAsync(_canvass.Store, honest with { Contests = honest.Contests.SetItem(0, forged) });

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        var failure = Assert.Single(verify.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("round 1's measurement", StringComparison.Ordinal));
        Assert.Contains("round 1's measurement of cc-gov is not what close-round measures from the log: ", failure, StringComparison.Ordinal);
        var (rederived, logged) = (failure.IndexOf(" re-derived, ", StringComparison.Ordinal), failure.LastIndexOf(" logged", StringComparison.Ordinal));
        Assert.Contains($"risk {outcome.PValue} (", failure[..rederived], StringComparison.Ordinal);
        Assert.Contains($"risk {forged.PValue} (", failure[rederived..logged], StringComparison.Ordinal);
        Assert.Contains($"o2 {forged.Overstatements2.ToString(CultureInfo.InvariantCulture)} ", failure[rederived..logged], StringComparison.Ordinal);
        Assert.Contains($"{forged.SampleVotes[0].Selection} {forged.SampleVotes[0].Votes.ToString(CultureInfo.InvariantCulture)}", failure[rederived..logged], StringComparison.Ordinal);
    }

    /// <summary>The audit's own risk-limiting result is the fact the audit-confirmed finality policy reads: one recorded
    /// while no closing had ended the audit fails verify.</summary>
    [Theory]
    [InlineData("passed")]
    [InlineData("escalated")]
    public async Task Verify_AuditResultBeforeAnyClosingEndedTheAudit_Fails(string outcome)
    {
        OpenRound("ballot-polling", 1, 8);
        Assert.Equal("next-round", Run("audit", "close-round").GetProperty("decision").GetString());
        Assert.True(Verify().ExitCode == 0);
        await Tamper.AppendSignedAsync(_canvass.Store, new AuditResultRecorded("cc-gov", "risk-limiting", outcome, null, "canvass audit audit-1", DateTimeOffset.UnixEpoch, null));

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"the audit's risk-limiting result of cc-gov ({outcome}) was recorded when no round of the audit had ended it", verify.Stderr, StringComparison.Ordinal);
    }

    /// <summary>... and so does one that says otherwise than the closing that ended the audit; close-round's own verifies.</summary>
    [Fact]
    public async Task Verify_AuditResultContradictingTheClosingThatEndedTheAudit_Fails()
    {
        Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        AuditTestElection.Record(_canvass, Run("audit", "sample"), AuditTestElection.Governor);
        Assert.Equal("complete", Run("audit", "close-round").GetProperty("decision").GetString());
        var honest = Verify();
        Assert.True(honest.ExitCode == 0, honest.ToString());

        await Tamper.AppendSignedAsync(_canvass.Store, new AuditResultRecorded("cc-gov", "risk-limiting", "escalated", null, "canvass audit audit-1", DateTimeOffset.UnixEpoch, null));

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("the audit's risk-limiting result of cc-gov was recorded escalated, but round 1 measured risk ", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains("which meets the risk limit: passed", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ClosingWithAnotherDecision_Fails()
    {
        OpenRound("ballot-polling", 1, 8);
        var honest = await HonestClosingAsync();
        Assert.Equal("next-round", honest.Decision);
        await Tamper.AppendSignedAsync(_canvass.Store, honest with { Decision = "complete" });

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("round 1 closed with decision complete, but its measurements give next-round", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RoundClosedByArlosFullCountRuleBeforeItWasDropped_FailsNamedForWhatItIs()
    {
        // Before 3 December 2026 a round could draw, with replacement, as many times as the contest has ballots, and Arlo's
        // rule then measured risk 0. Canvass now makes such a size a full hand tally, so the older round is logged here as
        // that version logged it; the paper shows Bo ahead, so today's measurement does not meet the limit.
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var ct = TestContext.Current.CancellationToken;
        var events = new List<IEvent>();
        await using (var store = new SqliteCanvassStore(_canvass.Store))
        {
            await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
            {
                events.Add(e.Event);
            }
        }

        var state = global::Canvass.Audit.Workflow.AuditState.Replay(events);
        var contest = Assert.Single(state.Audit!.Contests);
        SampleSize[] sizes = [new(contest.Contest, "custom", (int)contest.Ballots)];
        // Each drawn ballot names the CVR at its place, as the sample drawer attaches it (one import, in ballot order).
        var import = Assert.Single(state.CvrImports).ImportId;
        var drawn = Audit.SampleDrawer.Draw(state, sizes).Select(b => AuditTestElection.Index(b.Batch, b.Position) is var i
            ? b with { BallotId = $"B{i:D3}", ImportId = import, IndexInImport = i } : b).ToImmutableArray();
        Assert.True(drawn.Length < contest.Ballots, "drawn with replacement, some ballots repeat");
        await Tamper.AppendSignedAsync(_canvass.Store, new AuditSampleDrawn(state.Audit.AuditId, 1, [.. sizes], drawn));
        AuditTestElection.Record(_canvass, JsonSerializer.SerializeToElement(new { sampledBallots = drawn.Select(b => new { county = b.County, batch = b.Batch, position = b.Position }) }), Paper);

        var today = await HonestClosingAsync();
        Assert.Equal(("full-hand-count", false), (today.Decision, today.Contests[0].RiskLimitMet));
        var older = today with { Contests = [today.Contests[0] with { PValue = "0", RiskLimitMet = true }], Decision = "complete" };
        await Tamper.AppendSignedAsync(_canvass.Store, older);

        // Not forged, but not an audit that stands either: verify fails it, and says which rule gave it and what today's is.
        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("round 1's measurement of cc-gov (", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains("risk 0 (met)) is what Canvass measured before 3 December 2026, by the rule it then dropped", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains($"risk {today.Contests[0].PValue} (not met), decision full-hand-count", verify.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_PerBallotFullHandTally_IsMeasuredAgainUnlessClosedBeforeBallotAccounting(bool accountingLogged)
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        AuditTestElection.Record(_canvass, Run("audit", "sample", "--option", "all-ballots", "--per-ballot"));
        var honest = await HonestClosingAsync();
        Assert.NotNull(honest.Contests[0].HandCount);
        Assert.NotNull(honest.AccountingDiscrepancies);
        var votes = honest.Contests[0].SampleVotes;

        // Today's closing logs its ballot accounting, and its hand count is measured again; one from before the accounting
        // logs none, and verifies as before, with only that accounting re-derived.
        await Tamper.AppendSignedAsync(_canvass.Store, accountingLogged
            ? honest with { Contests = [honest.Contests[0] with { SampleVotes = votes.SetItem(1, votes[1] with { Votes = votes[1].Votes + 1 }) }] }
            : honest with { AccountingDiscrepancies = null });

        var verify = Verify();
        if (accountingLogged)
        {
            Assert.True(verify.ExitCode == 1, verify.ToString());
            Assert.Contains("round 1's measurement of cc-gov is not what close-round measures from the log: ", verify.Stderr, StringComparison.Ordinal);
            return;
        }

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("; 0 closed rounds measured again as close-round measures them and matched, 1 not measured again: round 1 (a full hand tally entered ballot by ballot and closed before Canvass kept its ballot accounting)",
            verify.Stdout, StringComparison.Ordinal);
    }

    private Task<AuditRoundClosed> HonestClosingAsync() => Tamper.ClosingOfACopyAsync(_canvass);
}
