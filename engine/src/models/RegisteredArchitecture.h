#pragma once

#include "fovea/ArchitectureInfo.h"
#include "models/ClassifierNet.h"

#include <functional>
#include <vector>

namespace fovea {

/// One registry entry: the facts every front end sees, and how to build the network. Each
/// family file returns its entries beside its constructors, and ArchitectureRegistry.cpp
/// lists the families in one explicit function.
struct RegisteredArchitecture {
    ArchitectureInfo info;
    std::function<ClassifierNetPtr(const ModelOptions&)> factory;
};

/// Keras Applications' figures for a network (shared/reference/tools-survey.md §6): ImageNet
/// top-1 / top-5 %, CPU ms per 32-image step, and its parameter total (which also counts
/// BatchNorm moving statistics). All zero where Keras does not have the network.
struct KerasFigures {
    double top1 = 0.0;
    double top5 = 0.0;
    double cpuMsPerStep = 0.0;
    std::int64_t parameters = 0;
};

inline void applyKerasFigures(ArchitectureInfo& info, const KerasFigures& keras)
{
    info.kerasTop1 = keras.top1;
    info.kerasTop5 = keras.top5;
    info.kerasCpuMsPerStep = keras.cpuMsPerStep;
    info.kerasParameterCount = keras.parameters;
}

std::vector<RegisteredArchitecture> smallCnnArchitectures();
std::vector<RegisteredArchitecture> resNetArchitectures();
std::vector<RegisteredArchitecture> resNet9Architectures();
std::vector<RegisteredArchitecture> vggArchitectures();
std::vector<RegisteredArchitecture> googLeNetArchitectures();
std::vector<RegisteredArchitecture> inceptionV3Architectures();
std::vector<RegisteredArchitecture> nasNetArchitectures();
std::vector<RegisteredArchitecture> mobileNetV2Architectures();

/// torchvision's ImageNet evaluation preprocessing: resize to size/cropFraction, centre crop,
/// x/255, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225), RGB.
Preprocessing torchImageNetPreprocessing(float cropFraction = 0.875f,
                                         const char* interpolation = "bilinear");

} // namespace fovea
