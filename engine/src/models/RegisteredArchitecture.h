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

std::vector<RegisteredArchitecture> smallCnnArchitectures();
std::vector<RegisteredArchitecture> resNetArchitectures();
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
