package dev.tagstream.model.artifact;

/**
 * One epoch of training history: mean train loss, validation loss and mAP, learning rate,
 * throughput. Epochs count from 1, in model.json as in the training log and every report ({@code
 * TrainingSummary.bestEpoch} too).
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double valLoss,
    double valMap,
    double learningRate,
    double imagesPerSecond) {}
