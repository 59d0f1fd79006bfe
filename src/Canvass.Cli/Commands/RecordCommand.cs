using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Electoral;
using Canvass.Cli.Finality;
using Canvass.Cli.Imports;
using Canvass.Cli.Verification;
using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Storage;
using Canvass.Storage.Finality;
using Canvass.Storage.Serialization;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass record KIND --contest C --source S [--at TIME] [--evidence URL] …</c>: records one fact on a
/// contest's path to finality (a call, a concession, a legal step, a recount, a certification, an audit result, an
/// Electoral College step) as an event in the election's log, after checking it against the election, the facts so far
/// and the jurisdiction's rules.</summary>
internal static class RecordCommand
{
    /// <summary>What one kind of fact needs to build itself.</summary>
    private sealed record Context(ParseResult Parse, string Contest, DateTimeOffset At, string Source, string? Evidence,
        ElectionSession Session, FinalityEvaluator Evaluator, List<Problem> Problems, Output Output, CancellationToken Ct);

    public static Command Create()
    {
        var command = new Command("record", "Record a fact on a contest's path to finality: calls, concessions, legal challenges, court orders, recounts, certifications, audits, electors.");
        var caller = Text("--caller", "The decision desk (AP, ABC, CBS, CNN, FOX, NBC, DDHQ, …).");
        var winner = Text("--winner", "The projected winner (a candidate id of the contest).");
        var candidate = Text("--candidate", "The candidate (a candidate id of the contest).");
        var court = Text("--court", "The court.");
        var caseNumber = Text("--case", "The docket number.");
        var outcome = Text("--outcome", "The outcome.");
        var votes = Many("--votes", "ID=VOTES, repeated: votes per selection (tallies) or per candidate (electoral votes).");

        command.Subcommands.Add(Kind("call", "A decision desk projected a winner.", [caller, winner, Optional("--basis", "What the call rests on.")],
            c => new RaceCalled(c.Contest, c.Parse.GetValue(caller)!, c.Parse.GetValue(winner)!, c.Parse.GetValue<string?>("--basis"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("retract-call", "A decision desk retracted its call.", [caller, Optional("--reason", "Why.")],
            c => new RaceCallRetracted(c.Contest, c.Parse.GetValue(caller)!, c.Parse.GetValue<string?>("--reason"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("concession", "A candidate conceded (no legal effect).", [candidate, Optional("--medium", "How: " + string.Join(", ", FinalityEvaluator.ConcessionMedia) + ".")],
            c => new ConcessionMade(c.Contest, c.Parse.GetValue(candidate)!, c.Parse.GetValue<string?>("--medium"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("withdraw-concession", "A candidate withdrew a concession.", [candidate],
            c => new ConcessionWithdrawn(c.Contest, c.Parse.GetValue(candidate)!, c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("challenge", "A legal challenge (election contest) was filed.",
            [court, caseNumber, Text("--petitioner", "Who filed it."), Many("--claim", "A claim, repeated.")],
            c => new LegalChallengeFiled(c.Contest, c.Parse.GetValue(court)!, c.Parse.GetValue(caseNumber)!, c.Parse.GetValue<string>("--petitioner")!,
                [.. c.Parse.GetValue<string[]>("--claim") ?? []], c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("ruling", "A court ruled on a challenge.", [caseNumber, court, outcome, Optional("--summary", "The ruling in a sentence.")],
            c => new LegalChallengeRuled(c.Contest, c.Parse.GetValue(caseNumber)!, c.Parse.GetValue(court)!, c.Parse.GetValue(outcome)!, c.Parse.GetValue<string?>("--summary"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("appeal", "A ruling was appealed.", [caseNumber, court, Optional("--appellant", "Who appealed.")],
            c => new LegalChallengeAppealed(c.Contest, c.Parse.GetValue(caseNumber)!, c.Parse.GetValue(court)!, c.Parse.GetValue<string?>("--appellant"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("close-challenge", "A challenge ended for good (its orders end with it).", [caseNumber, outcome],
            c => new LegalChallengeClosed(c.Contest, c.Parse.GetValue(caseNumber)!, c.Parse.GetValue(outcome)!, c.Source, c.At, c.Evidence)));
        var effect = Text("--effect", "What it does: " + string.Join(", ", FinalityEvaluator.OrderEffects) + ".");
        effect.AcceptOnlyFromAmong([.. FinalityEvaluator.OrderEffects]);
        command.Subcommands.Add(Kind("order", "A court order about counting or certification took effect (or, with --effect lift, ended another).",
            [Text("--order-id", "Identifies the order."), court, Optional("--case", "The challenge it was made in."), effect, Optional("--lifts", "The order this one ends.")],
            c => new CourtOrderIssued(c.Contest, c.Parse.GetValue<string>("--order-id")!, c.Parse.GetValue(court)!, c.Parse.GetValue<string?>("--case"),
                c.Parse.GetValue(effect)!, c.Parse.GetValue<string?>("--lifts"), c.Source, c.At, c.Evidence)));
        command.Subcommands.Add(Kind("recount-request", "A recount was requested or ordered.", [Text("--requester", "Who asked."), Optional("--scope", "What is recounted, when not all of it.")],
            c => new RecountRequested(c.Contest, c.Parse.GetValue<string>("--requester")!, c.Parse.GetValue<string?>("--scope"), c.Source, c.At, c.Evidence)));
        var recountMethod = Optional("--method", "machine (default) or hand.");
        recountMethod.AcceptOnlyFromAmong("machine", "hand");
        command.Subcommands.Add(Kind("recount-start", "A recount began.", [recountMethod],
            c => new RecountStarted(c.Contest, c.Parse.GetValue(recountMethod) ?? "machine", c.Source, c.At, c.Evidence)));
        var recountVotes = Many("--votes", "SELECTION=VOTES, repeated: the recount's tally.");
        recountVotes.Required = true;
        command.Subcommands.Add(Kind("recount-complete", "A recount finished: a new tally that supersedes the certified one (which the log keeps).", [recountVotes],
            c =>
            {
                var tally = FactInput.Counts(c.Parse.GetValue(recountVotes), "--votes", c.Problems);
                var supersedes = c.Evaluator.LatestCertification(c.Contest, c.At)?.TallyHash;
                return new RecountCompleted(c.Contest, tally, TallyHash.Compute(c.Contest, tally), supersedes, c.Source, c.At, c.Evidence);
            }));
        command.Subcommands.Add(CreateCertify());
        var auditKind = Text("--kind", "risk-limiting, hand-count, tabulation.");
        auditKind.AcceptOnlyFromAmong("risk-limiting", "hand-count", "tabulation");
        command.Subcommands.Add(Kind("audit-result", "An audit of the outcome reported (risk-limiting, full hand count).",
            [auditKind, outcome, Optional("--summary", "What it found.")],
            async c =>
            {
                var result = new AuditResultRecorded(c.Contest, c.Parse.GetValue(auditKind)!, c.Parse.GetValue(outcome)!, c.Parse.GetValue<string?>("--summary"), c.Source, c.At, c.Evidence);
                if (await OwnAuditProblemAsync(c, result) is { } problem)
                {
                    c.Problems.Add(problem);
                }

                return result;
            }));
        var unit = Text("--unit", "The electoral unit: a state or DC (GA), or a district (ME-CD-2).");
        var electors = new Option<int>("--electors") { Description = "How many electors the unit has.", Required = true };
        var rules = new Option<FileInfo?>("--rules")
        {
            Description = "The Electoral College rules the unit is checked against (default: the built-in rules for the election's day, as canvass electoral).",
        };
        command.Subcommands.Add(Kind("electors", "A state's electors were appointed (certificate of ascertainment).", [unit, candidate, electors, rules],
            c => Appointed(c, c.Parse.GetValue(unit)!, c.Parse.GetValue(candidate)!, c.Parse.GetValue(electors), c.Parse.GetValue(rules))));
        command.Subcommands.Add(Kind("elector-votes", "A unit's electors voted (faithless votes recorded as cast); a later record of the unit replaces it.", [unit, electors, votes, rules],
            c => ElectorVotes(c, c.Parse.GetValue(unit)!, c.Parse.GetValue(electors), c.Parse.GetValue(votes), c.Parse.GetValue(rules))));
        command.Subcommands.Add(Kind("congress-count", "The joint session of Congress counted the electoral votes.", [votes],
            c => new CongressCounted(c.Contest, FactInput.Counts(c.Parse.GetValue(votes), "--votes", c.Problems), c.Source, c.At, c.Evidence)));
        return command;
    }

    private static Command CreateCertify()
    {
        var level = new Option<string>("--level") { Description = "The level certified: county, state or national.", DefaultValueFactory = _ => "state" };
        level.AcceptOnlyFromAmong("county", "state", "national");
        var body = Text("--body", "The certifying body (its id in the jurisdiction's rules, rules/*.json).");
        var votes = Many("--votes", "SELECTION=VOTES, repeated: the tally certified (default: the store's current tabulation of the contest).");
        var keys = Many("--key", "OFFICIAL=KEYFILE, repeated: sign as this official with the Ed25519 seed in KEYFILE (64 hex digits or base64).");
        var signatures = Many("--signature", "OFFICIAL=BASE64, repeated: an official's Ed25519 signature over the tally hash, made elsewhere.");
        var printHash = new Option<bool>("--print-hash") { Description = "Print the tally hash the officials sign, and record nothing." };
        return Kind("certify", "A certifying body certified the contest's tally, signed by k of its n officials (Ed25519 over the tally hash).",
            [level, body, votes, keys, signatures, printHash],
            async c =>
            {
                var tally = c.Parse.GetValue(votes) is { Length: > 0 } given
                    ? FactInput.Counts(given, "--votes", c.Problems)
                    : await CurrentTallyAsync(c);
                var hash = TallyHash.Compute(c.Contest, tally);
                if (c.Parse.GetValue(printHash))
                {
                    if (c.Output.Json)
                    {
                        c.Output.WriteJson(new TallyHashReport(c.Contest, hash, TallyHash.Text(c.Contest, tally)), CliJsonContext.Default.TallyHashReport);
                    }
                    else
                    {
                        c.Output.Out.WriteLine(hash);
                    }

                    return null;
                }

                var signed = ImmutableArray.CreateBuilder<OfficialSignature>();
                foreach (var (official, file) in FactInput.Pairs(c.Parse.GetValue(keys), "--key", c.Problems))
                {
                    if (FactInput.Seed(file, "--key", c.Problems) is { } seed)
                    {
                        signed.Add(new OfficialSignature(official, CertificationSignatures.Sign(seed, hash)));
                    }
                }

                // A value that is not a signature at all is a mistake in the command line, not a forged signature.
                var bytes = new byte[66];
                foreach (var (official, signature) in FactInput.Pairs(c.Parse.GetValue(signatures), "--signature", c.Problems))
                {
                    if (Convert.TryFromBase64String(signature, bytes, out var length) && length == 64)
                    {
                        signed.Add(new OfficialSignature(official, signature));
                    }
                    else
                    {
                        c.Problems.Add(new Problem(ProblemCodes.BadValue,
                            $"The signature of '{official}' is not an Ed25519 signature in base64 (64 bytes, 88 characters).", null, null, "--signature"));
                    }
                }

                var lvl = c.Parse.GetValue(level)!;
                var recertification = c.Evaluator.LatestCertification(c.Contest, c.At, lvl) is not null;
                return new ContestCertified(c.Contest, lvl, c.Parse.GetValue(body)!, tally, hash, signed.ToImmutable(), recertification, c.Source, c.At, c.Evidence);
            });
    }

    /// <summary>A unit's electoral votes. For an Electoral College contest, each name is read as <c>canvass electoral --cast</c>
    /// reads it, and the record is checked as <c>canvass electoral</c> will check it, so that a record the roll-up would
    /// refuse is never stored.</summary>
    private static ElectorVotesCast ElectorVotes(Context c, string unit, int electors, string[]? votes, FileInfo? rulesFile)
    {
        var definition = c.Session.Definition!;
        var counts = FactInput.Counts(votes, "--votes", c.Problems);
        var contest = definition.Contests.FirstOrDefault(x => x.Id.Value == c.Contest);
        if (contest is null || !ElectoralContests.IsNational(contest))
        {
            return new ElectorVotesCast(c.Contest, unit, electors, counts, c.Source, c.At, c.Evidence);
        }

        var resolve = ElectoralRollUp.CandidateResolver(definition, contest.Id);
        var fact = new ElectorVotesCast(c.Contest, unit, electors, [.. counts.Select(v => v with { Id = resolve(v.Id) })], c.Source, c.At, c.Evidence);
        var (rules, record) = UnitRecord(c, fact, rulesFile);
        var rolled = record.IsSuccess ? ElectoralCollege.RollUpCast(rules.Value, [record.Value]) : default;
        c.Problems.AddRange(!record.IsSuccess ? record.Problems : rolled.IsSuccess ? [] : rolled.Problems.Select(p => p with { Path = "votes" }));
        return fact;
    }

    /// <summary>A unit's appointed electors. For an Electoral College contest the unit and its number of electors are
    /// checked against the rules as <c>elector-votes</c> checks them: a mistyped unit (<c>ZZ</c>) would otherwise count
    /// its electors towards <c>electors_appointed</c>.</summary>
    private static ElectorsAppointed Appointed(Context c, string unit, string candidate, int electors, FileInfo? rulesFile)
    {
        var fact = new ElectorsAppointed(c.Contest, unit, candidate, electors, c.Source, c.At, c.Evidence);
        var contest = c.Session.Definition!.Contests.FirstOrDefault(x => x.Id.Value == c.Contest);
        if (contest is not null && ElectoralContests.IsNational(contest)
            && UnitRecord(c, new ElectorVotesCast(c.Contest, unit, electors, [], c.Source, c.At, c.Evidence), rulesFile).Record is { IsSuccess: false } record)
        {
            c.Problems.AddRange(record.Problems);
        }

        return fact;
    }

    /// <summary>The Electoral College rules and the unit's record read under them, as <c>canvass electoral</c> reads it.</summary>
    private static (Result<ElectoralCollegeRules> Rules, Result<CastElectoralVotes> Record) UnitRecord(Context c, ElectorVotesCast fact, FileInfo? rulesFile)
    {
        var rules = ElectoralRulesCatalog.Load(rulesFile?.FullName, c.Session.Definition!.EndDate);
        return (rules, rules.IsSuccess ? ElectoralRollUp.Check(rules.Value, fact) : Result<CastElectoralVotes>.Failure(rules.Problems));
    }

    /// <summary>Why an audit result recorded by hand would take the store's own audit's place, or null. The log is
    /// append-only, so a result <c>canvass verify</c> fails (one under the audit's source that no closing gave) would
    /// fail it for good; and the audit logs its own results itself (<c>close-round</c>, <c>explain</c>), so its source,
    /// <c>canvass audit AUDIT-ID</c>, is never one an outside report can use, even before the audit exists.</summary>
    private static async Task<Problem?> OwnAuditProblemAsync(Context c, AuditResultRecorded result)
    {
        var state = await AuditStore.LoadAsync(c.Session.Store, c.Ct);
        if (AuditEntryCheck.Check(state, result) is { } failure)
        {
            return new Problem(ProblemCodes.Inconsistent, $"'canvass verify' would fail the log for good: {failure}. The audit records its own results when close-round ends it.", Path: "source");
        }

        return AuditStore.IsOwnResultSource(result.Source)
            ? new Problem(ProblemCodes.Inconsistent,
                $"The source '{result.Source}' is reserved for the store's own audit, which records its results itself ('canvass audit close-round', 'canvass audit explain'). Name who reports this result (a county, the Secretary of State, …).",
                Path: "source")
            : null;
    }

    private static async Task<ImmutableArray<NamedCount>> CurrentTallyAsync(Context c)
    {
        if (!c.Session.Index.TryGetContest(new Domain.Elections.ContestId(c.Contest), out int position))
        {
            return [];
        }

        var tabulation = await TabulationRunner.RunAsync(c.Session, null, c.Ct);
        var contest = c.Session.Definition!.Contests[position];
        var votes = tabulation.Contests[position].Votes;
        return [.. contest.Selections.Select((s, i) => new NamedCount(s.Id.Value, votes[i]))];
    }

    private static Option<string> Text(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    private static Option<string[]> Many(string name, string description) => new(name) { Description = description };

    private static Command Kind(string name, string description, Option[] options, Func<Context, IContestFact?> build) =>
        Kind(name, description, options, c => Task.FromResult(build(c)));

    private static Command Kind(string name, string description, Option[] options, Func<Context, Task<IContestFact?>> build)
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var contest = new Option<string>("--contest", "-c") { Description = "The contest.", Required = true };
        var at = new Option<string?>("--at") { Description = "When it happened, with an offset (2020-11-07T11:25:00-05:00); default now. Not before election day (legal steps: not before 1 January of the year before)." };
        var source = new Option<string>("--source") { Description = "Who reports it: the organisation or document.", Required = true };
        var evidence = new Option<string?>("--evidence") { Description = "A link to the evidence: an http:// or https:// URL (it is published in the log)." };
        var command = new Command(name, description) { store, logKey, json, contest, at, source, evidence };
        foreach (var o in options)
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var problems = new List<Problem>();
            var now = TimeProvider.System.GetUtcNow();
            var when = FactInput.Time(parse.GetValue(at), "--at", false, problems) ?? now;
            if (when > now.AddMinutes(5))
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"{FinalityText.When(when)} is in the future: a fact is recorded once it has happened.", null, null, "--at"));
            }

            if (problems.Count > 0)
            {
                return Task.FromResult(output.Problems("The fact was not recorded.", problems));
            }

            return StoreCommand.RunWritingAsync(output, parse.GetValue(store), parse.GetValue(logKey), requireElection: true, async session =>
            {
                var loaded = await FinalityReader.LoadAsync(session.Store, ct);
                if (!loaded.IsSuccess)
                {
                    return output.Problems($"The {name} fact was not recorded.", loaded.Problems);
                }

                var evaluator = loaded.Value;
                var context = new Context(parse, parse.GetValue(contest)!, when, parse.GetValue(source)!, parse.GetValue(evidence), session, evaluator, problems, output, ct);
                var fact = await build(context);
                if (problems.Count == 0 && fact is null)
                {
                    return ExitCodes.Ok;
                }

                if (fact is not null && problems.Count == 0)
                {
                    problems.AddRange(evaluator.Check(fact));
                }

                if (problems.Count > 0 || fact is null)
                {
                    return output.Problems($"The {name} fact was not recorded.", problems);
                }

                await session.Store.AppendAsync(Streams.Election, session.State.Version, [fact], cancellationToken: ct);
                var position = await session.Store.GetLogSizeAsync(ct);
                var (type, data) = EventSerializer.Serialize(fact);
                if (output.Json)
                {
                    using var doc = JsonDocument.Parse(data);
                    output.WriteJson(new RecordReport(true, type, fact.Contest, position, doc.RootElement.Clone()), CliJsonContext.Default.RecordReport);
                }
                else
                {
                    output.Line($"recorded {type} for {fact.Contest} at {FinalityText.When(fact.At)} (log position {position})");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
