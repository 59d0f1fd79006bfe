namespace Canvass.Domain.Jurisdictions;

/// <summary>What a recount threshold is measured in.</summary>
public enum RecountMetric
{
    /// <summary>The margin between the top two as a percentage of all votes cast for the office.</summary>
    PercentOfTotal,

    /// <summary>The margin as a percentage of the votes for the top two candidates.</summary>
    PercentOfTopTwo,

    /// <summary>The margin in votes.</summary>
    AbsoluteVotes,
}
