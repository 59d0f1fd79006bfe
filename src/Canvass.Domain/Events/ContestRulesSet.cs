namespace Canvass.Domain.Events;

/// <summary>Tabulation rules were set for a ranked-choice contest. The latest event for a contest holds; rules may be set
/// at any time, before or after its ballots are imported (a recount under other rules is a legal question, and the log
/// records when the rules changed).</summary>
/// <param name="ContestId">The contest (its <c>VoteVariation</c> is <c>rcv</c>).</param>
/// <param name="RctabRules">The <c>rules</c> object of an RCTab contest configuration, as canonical JSON text.</param>
/// <param name="Source">Where the rules came from: the configuration file's name (no directory).</param>
[EventType("contest-rules-set.v1")]
public sealed record ContestRulesSet(string ContestId, string RctabRules, string Source) : IEvent;
