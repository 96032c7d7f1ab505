package dev.tagstream.model.artifact;

/** One epoch of training history: mean train loss, validation loss and mAP, learning rate, throughput. */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double valMap, double learningRate,
    double imagesPerSecond) {}
