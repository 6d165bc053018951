namespace Rankitect.Evaluation;

/// <summary>
/// Platt scaling (Platt 1999): the probability sigmoid(scale · z + bias) of a network's logit z, with scale and bias
/// fitted by maximum likelihood on held-out rows. It keeps the ranking (AUC) and corrects what early stopping leaves
/// behind on small data: overconfident logits (scale &lt; 1) and a shifted mean (bias). The fit uses Platt's smoothed
/// targets, (N₊ + 1) / (N₊ + 2) for a click and 1 / (N₋ + 2) for none, so it stays finite when the rows are separable.
/// </summary>
/// <param name="Scale">Multiplies the logit; 1 leaves it as it was.</param>
/// <param name="Bias">Added to the scaled logit; 0 leaves it as it was.</param>
public readonly record struct PlattScaling(double Scale, double Bias)
{
    /// <summary>No change: scale 1, bias 0.</summary>
    public static PlattScaling Identity => new(1, 0);

    /// <summary>The calibrated logit of <paramref name="logit"/>.</summary>
    public double Apply(double logit) => Scale * logit + Bias;

    /// <summary>Click probabilities of <paramref name="logits"/> after scaling, in float like every prediction.</summary>
    public float[] Probabilities(ReadOnlySpan<float> logits)
    {
        var result = new float[logits.Length];
        for (int i = 0; i < logits.Length; i++)
            result[i] = (float)Sigmoid(Apply(logits[i]));
        return result;
    }

    /// <summary>Fits scale and bias to <paramref name="labels"/> (0/1) by Newton's method on the log loss, with a
    /// backtracking line search. Starts from <see cref="Identity"/>; a fit that cannot lower the loss returns it.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a logit is not finite.</exception>
    public static PlattScaling Fit(ReadOnlySpan<float> labels, ReadOnlySpan<float> logits)
    {
        if (labels.Length != logits.Length)
            throw new ArgumentException($"{labels.Length} labels for {logits.Length} logits.", nameof(logits));
        if (labels.Length == 0)
            throw new ArgumentException("Platt scaling needs at least one row.", nameof(labels));
        int positives = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
                throw new ArgumentException($"Logit {i} is {logits[i]}; Platt scaling needs finite logits.", nameof(logits));
            if (labels[i] > 0.5f) positives++;
        }
        int negatives = labels.Length - positives;
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        var targets = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            targets[i] = labels[i] > 0.5f ? high : low;

        double Loss(double a, double b, ReadOnlySpan<float> z)
        {
            double sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                double s = a * z[i] + b;
                // -[t log σ(s) + (1 - t) log(1 - σ(s))] = softplus(s) - t·s, computed without overflow.
                sum += (s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s))) - targets[i] * s;
            }
            return sum;
        }

        double scale = 1, bias = 0, loss = Loss(scale, bias, logits);
        for (int iteration = 0; iteration < 50; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                double z = logits[i], p = Sigmoid(scale * z + bias), r = p - targets[i], w = p * (1 - p);
                ga += r * z;
                gb += r;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            // A tiny ridge keeps the 2x2 system solvable when every logit is equal (then only the bias moves).
            double ridge = 1e-9 * (haa + hbb) + 1e-12;
            haa += ridge;
            hbb += ridge;
            double det = haa * hbb - hab * hab;
            if (!(det > 0))
                break;
            double da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
            double step = 1;
            bool improved = false;
            for (int halving = 0; halving < 30; halving++, step /= 2)
            {
                double candidate = Loss(scale + step * da, bias + step * db, logits);
                if (candidate < loss)
                {
                    scale += step * da;
                    bias += step * db;
                    improved = loss - candidate > 1e-12 * Math.Max(1, loss);
                    loss = candidate;
                    break;
                }
            }
            if (!improved)
                break;
        }
        return new PlattScaling(scale, bias);
    }

    private static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));
}
