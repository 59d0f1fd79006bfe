namespace Canvass.Audit;

/// <summary>The ballot-polling risk functions Arlo offers (<c>AuditMathType</c> for ballot polling).</summary>
public enum PollingMath
{
    /// <summary>BRAVO (Lindeman, Stark and Yates): Wald's sequential probability ratio test per winner–loser pair.</summary>
    Bravo,

    /// <summary>Minerva (Zagórski et al.), as athena computes it: a round-by-round test on the tails of the sample.</summary>
    Minerva,

    /// <summary>Providence (Broadrick et al.), as r2b2's Minerva2 computes it: Minerva conditioned on each earlier round.</summary>
    Providence,
}
