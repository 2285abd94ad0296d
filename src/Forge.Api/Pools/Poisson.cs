namespace Forge.Api.Pools;

/// <summary>The few distribution functions the planner needs, exact enough for sizing pools.</summary>
public static class Poisson
{
    private static readonly double[] A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>The smallest k with P(N ≤ k) ≥ p for N ~ Poisson(<paramref name="mean"/>).</summary>
    public static int Quantile(double mean, double p)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 200)
        {
            // exp(-mean) underflows long before 700; the normal approximation is within one here.
            return (int)Math.Ceiling(mean + (NormalQuantile(p) * Math.Sqrt(mean)) - 0.5);
        }

        var pmf = Math.Exp(-mean);
        var cdf = pmf;
        var k = 0;
        while (cdf < p && k < 10_000)
        {
            k++;
            pmf *= mean / k;
            cdf += pmf;
        }

        return k;
    }

    private static double Horner(double[] coefficients, double x)
    {
        var y = 0.0;
        foreach (var k in coefficients)
        {
            y = (y * x) + k;
        }

        return y;
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < low ? p : 1 - p));
            var tail = Horner(C, q) / ((Horner(D, q) * q) + 1);
            return p < low ? tail : -tail;
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(A, s) * r / ((Horner(B, s) * s) + 1);
    }
}
