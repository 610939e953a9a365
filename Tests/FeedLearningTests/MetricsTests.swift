import Foundation
import Testing

@testable import FeedLearning

@Suite("Binary metrics")
struct MetricsTests {
    @Test("AUC: plain, with ties, weighted like duplicated rows, undefined for one class")
    func auc() {
        #expect(BinaryMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        // Pairs (pos, neg): (0.5, 0.5) = ½, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
        #expect(BinaryMetrics.auc(scores: [0.5, 0.5, 0.2, 0.9], labels: [true, false, false, true]) == 0.875)
        #expect(BinaryMetrics.auc(scores: [0.3, 0.3, 0.3], labels: [true, false, false]) == 0.5)
        let weighted = BinaryMetrics.auc(
            scores: [0.5, 0.5, 0.2, 0.9], labels: [true, false, false, true], weights: [1, 3, 1, 2])
        let duplicated = BinaryMetrics.auc(
            scores: [0.5, 0.5, 0.5, 0.5, 0.2, 0.9, 0.9], labels: [true, false, false, false, false, true, true])
        #expect(abs(weighted - duplicated) < 1e-15)
        // By hand: positives 0.5 (w1), 0.9 (w2); negatives 0.5 (w3), 0.2 (w1).
        // 1·(3·½ + 1) + 2·(3 + 1) = 10.5 over 3 · 4 = 12.
        #expect(abs(weighted - 10.5 / 12) < 1e-15)
        #expect(BinaryMetrics.auc(scores: [0.1, 0.2], labels: [true, true]).isNaN)
    }

    @Test("log-loss, base rate, entropy and normalized entropy")
    func logLoss() {
        let loss = BinaryMetrics.logLoss(probabilities: [0.8, 0.3], labels: [true, false])
        #expect(abs(loss - (-(log(0.8) + log(0.7)) / 2)) < 1e-15)
        #expect(abs(loss - 0.289909) < 1e-6)
        let ne = BinaryMetrics.normalizedEntropy(probabilities: [0.8, 0.3], labels: [true, false])
        #expect(abs(ne - loss / log(2)) < 1e-15)
        #expect(abs(ne - 0.4182506) < 1e-6)
        // Weighted: rows of weight 3 count three times.
        let weighted = BinaryMetrics.logLoss(probabilities: [0.8, 0.3], labels: [true, false], weights: [1, 3])
        #expect(abs(weighted - (-(log(0.8) + 3 * log(0.7)) / 4)) < 1e-15)
        #expect(BinaryMetrics.baseRate(labels: [true, false, false, false], weights: [3, 1, 1, 1]) == 0.5)
        #expect(abs(BinaryMetrics.entropy(0.1) - 0.325083) < 1e-6)
        // Predicting the base rate scores NE = 1.
        let labels = [true, false, false, false]
        let constant = BinaryMetrics.normalizedEntropy(probabilities: Array(repeating: 0.25, count: 4), labels: labels)
        #expect(abs(constant - 1) < 1e-12)
        // Clamping keeps a confident mistake finite.
        #expect(BinaryMetrics.logLoss(probabilities: [0], labels: [true]).isFinite)
    }
}
