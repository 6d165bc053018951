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
    /// <summary>The prior strength the experiment fits with (<see cref="Fit"/>): 10 clicks' worth of evidence that the
    /// network is calibrated already, so a validation split with a few dozen clicks cannot swing the scaling far. Measured
    /// on the fixed DLRM (README): against no scaling, better in 15 of 18 paired runs with it and 13 of 18 without it
    /// (mean test NE -0.0033 and -0.0027).</summary>
    public const double DefaultPriorStrength = 10;

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
    /// <param name="labels">0/1 labels.</param>
    /// <param name="logits">The network's logits on the same rows.</param>
    /// <param name="priorStrength">λ of a Gaussian prior that pulls the fit towards <see cref="Identity"/>, the penalty
    /// λ/2·((scale − 1)² + bias²) added to the log loss (in nats summed over rows). The log loss's own curvature in the
    /// bias is about the number of clicks, so λ acts like λ clicks of evidence for "the network is calibrated": it barely
    /// moves a fit on thousands of clicks and halves the move of one on λ. 0: plain maximum likelihood.</param>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a logit is not finite, or a negative prior.</exception>
    public static PlattScaling Fit(ReadOnlySpan<float> labels, ReadOnlySpan<float> logits, double priorStrength = 0)
    {
        if (!(priorStrength >= 0) || double.IsInfinity(priorStrength))
            throw new ArgumentOutOfRangeException(nameof(priorStrength), priorStrength, "The prior strength must be finite and >= 0.");
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
            return sum + priorStrength / 2 * ((a - 1) * (a - 1) + b * b);
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
            ga += priorStrength * (scale - 1);
            gb += priorStrength * bias;
            // The prior adds λ to the diagonal; a tiny ridge keeps the 2x2 system solvable without one when every logit
            // is equal (then only the bias moves).
            double ridge = priorStrength + 1e-9 * (haa + hbb) + 1e-12;
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
