<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>fovea::app::AugmentationPreviewController</name>
    <message>
        <source>%1, first test picture</source>
        <translation>%1，第一张测试图像</translation>
    </message>
    <message>
        <source>no picture in %1</source>
        <translation>%1 中没有图像</translation>
    </message>
</context>
<context>
    <name>fovea::app::ClassificationController</name>
    <message>
        <source>%1, %2 classes, %3 px — %4</source>
        <translation>%1，%2 个类别，%3 px — %4</translation>
    </message>
    <message>
        <source>no model is loaded; choose a model file first</source>
        <translation>未加载模型；请先选择模型文件</translation>
    </message>
    <message>
        <source>Centre crop</source>
        <translation>中心裁剪</translation>
    </message>
    <message>
        <source>Five crops</source>
        <translation>五个裁剪区域</translation>
    </message>
    <message>
        <source>Ten crops (five and their mirror images)</source>
        <translation>十个裁剪区域（五个及其镜像）</translation>
    </message>
    <message>
        <source>Ten crops at three scales</source>
        <translation>三种尺度下的十个裁剪区域</translation>
    </message>
    <message>
        <source>, %1 px</source>
        <translation>，%1 px</translation>
    </message>
    <message>
        <source>, mirrored</source>
        <translation>，镜像</translation>
    </message>
</context>
<context>
    <name>fovea::app::DatasetController</name>
    <message>
        <source>listing</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <source>reading headers</source>
        <translation>读取文件头</translation>
    </message>
</context>
<context>
    <name>fovea::app::InspectionController</name>
    <message>
        <source>evaluate a model first</source>
        <translation>请先评估模型</translation>
    </message>
    <message>
        <source>Evidence for %1 (probability %2 %)</source>
        <translation>%1 的判别依据（概率 %2%）</translation>
    </message>
</context>
<context>
    <name>fovea::app::MainWindow</name>
    <message>
        <source>Export the curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>The range test found no rate to suggest.</source>
        <translation>范围测试未找到可推荐的学习率。</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>使用 %1</translation>
    </message>
    <message>
        <source>Range test done (the loss diverged at the end); suggested learning rate %1</source>
        <translation>范围测试完成（末尾损失发散）；推荐学习率 %1</translation>
    </message>
    <message>
        <source>Range test done; suggested learning rate %1</source>
        <translation>范围测试完成；推荐学习率 %1</translation>
    </message>
    <message>
        <source>Paused after the current batch; Resume continues.</source>
        <translation>已在当前批次结束后暂停；点击“继续”可恢复训练。</translation>
    </message>
    <message>
        <source>Training.</source>
        <translation>正在训练。</translation>
    </message>
    <message>
        <source>About Fovea</source>
        <translation>关于 Fovea</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fovea&lt;/b&gt; %1&lt;br&gt;A workbench for image classification: pick an architecture, point it at images, watch it learn.</source>
        <translation>&lt;b&gt;Fovea&lt;/b&gt; %1&lt;br&gt;图像分类工作台：选择架构，指定图像，看着它学习。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>查找学习率</translation>
    </message>
    <message>
        <source>A short run with a rising rate: where the loss falls fastest is a good starting rate</source>
        <translation>以逐步增大的学习率做一次短时运行：损失下降最快处即为合适的初始学习率</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Training loss, smoothed</source>
        <translation>训练损失（平滑）</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation>第 %1 / %2 轮</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Validation accuracy: %1 %</source>
        <translation>验证准确率：%1%</translation>
    </message>
    <message>
        <source>Validation accuracy: –</source>
        <translation>验证准确率：–</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open dataset folder…</source>
        <translation>打开数据集文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Choose &amp;model to classify with…</source>
        <translation>选择用于分类的模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Paste images to classify</source>
        <translation>粘贴要分类的图像(&amp;P)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Crops</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Fovea</source>
        <translation>关于 Fovea(&amp;A)</translation>
    </message>
    <message>
        <source>A run is already in progress.</source>
        <translation>已有训练正在运行。</translation>
    </message>
    <message>
        <source>Smoothed loss against log10(learning rate)</source>
        <translation>平滑损失与 log10(学习率) 的关系</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <source>Learning rate (preview)</source>
        <translation>学习率（预览）</translation>
    </message>
    <message>
        <source>No schedule: %1</source>
        <translation>无法生成学习率调度：%1</translation>
    </message>
    <message>
        <source>Training; run directory: %1</source>
        <translation>正在训练；运行目录：%1</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 张图像/秒</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s); run directory: %1</source>
        <translation>
            <numerusform>已停止，完成 %n 轮；运行目录：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished %n epoch(s); run directory: %1</source>
        <translation>
            <numerusform>已完成 %n 轮；运行目录：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Training stopped because of an internal error.</source>
        <translation>训练因内部错误而停止。</translation>
    </message>
    <message>
        <source>The dataset could not be read.</source>
        <translation>无法读取数据集。</translation>
    </message>
    <message>
        <source>The settings are not valid.</source>
        <translation>设置无效。</translation>
    </message>
    <message>
        <source>The architecture is not known.</source>
        <translation>未知的架构。</translation>
    </message>
    <message>
        <source>Training became numerically unstable.</source>
        <translation>训练出现数值不稳定。</translation>
    </message>
    <message>
        <source>A file could not be read or written.</source>
        <translation>无法读取或写入文件。</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>Model not loaded</source>
        <translation>模型未加载</translation>
    </message>
    <message>
        <source>%1 could not be loaded as a model.</source>
        <translation>无法将 %1 加载为模型。</translation>
    </message>
    <message>
        <source>Classification cancelled.</source>
        <translation>分类已取消。</translation>
    </message>
    <message>
        <source>Classification finished.</source>
        <translation>分类已完成。</translation>
    </message>
    <message>
        <source>Image to inspect</source>
        <translation>要检查的图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 could not be inspected: %2</source>
        <translation>无法检查 %1：%2</translation>
    </message>
    <message>
        <source>Pretrained weights</source>
        <translation>预训练权重</translation>
    </message>
    <message>
        <source>State dicts (*.pt *.pth);;All files (*)</source>
        <translation>状态字典 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Dataset list file</source>
        <translation>数据集列表文件</translation>
    </message>
    <message>
        <source>Lists (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>列表文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The dataset could not be read: %1</source>
        <translation>无法读取数据集：%1</translation>
    </message>
    <message>
        <source>Picture to preview</source>
        <translation>要预览的图像</translation>
    </message>
    <message>
        <source>Model to inspect</source>
        <translation>要检查的模型</translation>
    </message>
    <message>
        <source>Fovea models (*.pt);;All files (*)</source>
        <translation>Fovea 模型 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Labelled dataset</source>
        <translation>带标注的数据集</translation>
    </message>
    <message>
        <source>Choose a model file first (or train one).</source>
        <translation>请先选择模型文件（或训练一个模型）。</translation>
    </message>
    <message>
        <source>Grad-CAM failed: %1</source>
        <translation>Grad-CAM 失败：%1</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>An evaluation is already running.</source>
        <translation>已有评估正在运行。</translation>
    </message>
    <message>
        <source>Model to classify with</source>
        <translation>用于分类的模型</translation>
    </message>
    <message>
        <source>Choose a model to classify these images with.</source>
        <translation>请选择用于对这些图像进行分类的模型。</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>The project could not be opened.</source>
        <translation>无法打开项目。</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>%1 could not be opened as a project.</source>
        <translation>无法将 %1 作为项目打开。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Fovea projects (*.json);;All files (*)</source>
        <translation>Fovea 项目 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 could not be written; the project is unchanged.</source>
        <translation>无法写入 %1；项目未更改。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>%1[*] — Fovea</source>
        <translation>%1[*] — Fovea</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The project has unsaved changes.</source>
        <translation>项目有未保存的更改。</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>继续之前是否保存？</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>保存项目(&amp;S)</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>%1 could not be written (PNG, SVG, PDF or CSV).</source>
        <translation>无法写入 %1（PNG、SVG、PDF 或 CSV）。</translation>
    </message>
    <message>
        <source>Run directory to follow</source>
        <translation>要跟踪的运行目录</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>A run is in progress: its own curves are shown.</source>
        <translation>正在训练：显示的是它自己的曲线。</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>正在跟踪 %1</translation>
    </message>
    <message>
        <source>Following %1: %2 of %3 epochs</source>
        <translation>正在跟踪 %1：第 %2 轮，共 %3 轮</translation>
    </message>
    <message>
        <source>%1: validation accuracy</source>
        <translation>%1：验证准确率</translation>
    </message>
    <message>
        <source>%1: validation loss</source>
        <translation>%1：验证损失</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Some values in %1 are outside what Fovea accepts and were adjusted: %2. Save the project to keep the adjusted values.</source>
        <translation>%1 中的某些值超出了 Fovea 接受的范围，已被调整：%2。保存项目以保留调整后的值。</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>有一个运行正在训练</translation>
    </message>
    <message>
        <source>Quitting stops the run in progress.</source>
        <translation>退出会停止正在进行的运行。</translation>
    </message>
    <message>
        <source>It has not started training yet.</source>
        <translation>它尚未开始训练。</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>停止并退出</translation>
    </message>
    <message>
        <source>Evaluation cancelled; no results.</source>
        <translation>评估已取消；没有结果。</translation>
    </message>
    <message>
        <source>A run is training: stop it (or let it finish) before another project.</source>
        <translation>有一个运行正在训练：请先停止它（或等它结束），再打开另一个项目。</translation>
    </message>
    <message>
        <source>The learning-rate search stopped because of an internal error.</source>
        <translation>学习率搜索因内部错误而停止。</translation>
    </message>
    <message>
        <source>The learning-rate search failed.</source>
        <translation>学习率搜索失败。</translation>
    </message>
    <message>
        <source>Learning-rate search failed</source>
        <translation>学习率搜索失败</translation>
    </message>
    <message>
        <source>The Augment page&apos;s steps are not valid: %1</source>
        <translation>增强页面的步骤无效：%1</translation>
    </message>
    <message>
        <source>log10(learning rate)</source>
        <translation>log10(学习率)</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>平滑损失</translation>
    </message>
    <message>
        <source>Epoch %1 of %2: validating, %3 %</source>
        <translation>第 %1 / %2 轮：验证中，%3 %</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>正在继续 %1…</translation>
    </message>
    <message>
        <source>The run could not be resumed.</source>
        <translation>无法继续该运行。</translation>
    </message>
    <message>
        <source>Its last checkpoint is kept; Resume in the run list, or `fovea-cli resume %1`, continues it.</source>
        <translation>其最后一个检查点会被保留；运行列表中的“继续”或 `fovea-cli resume %1` 可继续它。</translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n listed picture(s) again with ten crops.</source>
        <translation>
            <numerusform>正在用十个裁剪重新分类列出的 %n 张图片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n listed picture(s) again with the centre crop.</source>
        <translation>
            <numerusform>正在用中心裁剪重新分类列出的 %n 张图片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classification cancelled: %n listed picture(s) keep the results of the other crop setting.</source>
        <translation>
            <numerusform>分类已取消：列出的 %n 张图片保留另一种裁剪设置的结果。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The resumed run keeps the settings it began with&lt;/b&gt; (its config.json); those below are the project&apos;s.</source>
        <translation>&lt;b&gt;继续的运行保留其开始时的设置&lt;/b&gt;（其 config.json）；下面显示的是项目的设置。</translation>
    </message>
</context>
<context>
    <name>fovea::app::RunSettingsPanel</name>
    <message>
        <source>%1 · %2 parameters at 1000 classes · %3 px default input</source>
        <translation>%1 · 1000 类时 %2 个参数 · 默认输入 %3 px</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder with IDX files (MNIST, Fashion-MNIST)</source>
        <translation>包含 IDX 文件的文件夹（MNIST、Fashion-MNIST）</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Input size:</source>
        <translation>输入尺寸：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批次大小：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Optimiser:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>Momentum:</source>
        <translation>动量：</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <source>Warm-up epochs:</source>
        <translation>预热轮数：</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <source>Accumulate batches:</source>
        <translation>梯度累积批次：</translation>
    </message>
    <message>
        <source>Early stopping after:</source>
        <translation>早停耐心值：</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>检查点间隔：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source> epochs without progress</source>
        <translation> 轮无改进</translation>
    </message>
    <message>
        <source>last and best only</source>
        <translation>仅最新和最佳</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <source>dataset size</source>
        <translation>与数据集一致</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <source>CPU precision:</source>
        <translation>CPU 精度：</translation>
    </message>
    <message>
        <source>bfloat16 (about 2× faster on CPUs with AMX)</source>
        <translation>bfloat16（在支持 AMX 的 CPU 上约快 2 倍）</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>also on mirror images (test-time flip)</source>
        <translation>同时使用镜像图像（测试时翻转）</translation>
    </message>
    <message>
        <source>Validate:</source>
        <translation>验证间隔：</translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation>每个轮次</translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source> epochs and after the last</source>
        <translation> 个轮次及最后一轮</translation>
    </message>
    <message>
        <source>Plateau watches:</source>
        <translation>平台期监测：</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Monitored metric:</source>
        <translation>监测指标：</translation>
    </message>
    <message>
        <source>The metric that decides the best checkpoint and when early stopping stops</source>
        <translation>决定最佳检查点以及何时早停的指标</translation>
    </message>
    <message>
        <source>Choose a dataset folder (IDX files, one folder per class, or train/ and val/)</source>
        <translation>选择数据集文件夹（IDX 文件、每类一个文件夹，或 train/ 与 val/）</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::AugmentationEditor</name>
    <message>
        <source>%1. %2 (p = %3)</source>
        <translation>%1. %2（p = %3）</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Start from a preset…</source>
        <translation>从预设开始…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Picture…</source>
        <translation>图像…</translation>
    </message>
    <message>
        <source>Reseed</source>
        <translation>更换随机种子</translation>
    </message>
    <message>
        <source>Network input</source>
        <translation>网络输入</translation>
    </message>
    <message>
        <source>Show exactly what the network receives: the normalised input turned back into colours</source>
        <translation>如实显示网络接收到的内容：将归一化后的输入还原为颜色</translation>
    </message>
    <message>
        <source> draws</source>
        <translation> 次抽样</translation>
    </message>
    <message>
        <source> draw</source>
        <translation> 次抽样</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ClassificationResultsModel</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Top 5</source>
        <translation>Top 5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ClassificationView</name>
    <message>
        <source>Images to classify</source>
        <translation>要分类的图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Folder to classify</source>
        <translation>要分类的文件夹</translation>
    </message>
    <message>
        <source>%1 of %2 images</source>
        <translation>%1 / %2 张图像</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>No model chosen: train one, or choose a model file.</source>
        <translation>未选择模型：请训练一个模型，或选择模型文件。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Choose model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Add images…</source>
        <translation>添加图像…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Test-time crops (ten)</source>
        <translation>测试时裁剪（十个）</translation>
    </message>
    <message>
        <source>Average the predictions of ten crops: the centre, the four corners and their mirror images</source>
        <translation>对十个裁剪区域的预测取平均：中心、四个角及其镜像</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Drop images or folders anywhere on the window, or paste them.</source>
        <translation>将图像或文件夹拖放到窗口任意位置，或直接粘贴。</translation>
    </message>
    <message>
        <source>Files that could not be classified: %1</source>
        <translation>无法分类的文件：%1</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ConfusionMatrixModel</name>
    <message>
        <source>%1 pictures of %2 predicted as %3 (%4 % of %2)</source>
        <translation>%2 中有 %1 张图像被预测为 %3（占 %2 的 %4%）</translation>
    </message>
    <message>
        <source>true class: %1</source>
        <translation>真实类别：%1</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>预测类别：%1</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::DatasetView</name>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open list file…</source>
        <translation>打开列表文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>validation </source>
        <translation>验证集 </translation>
    </message>
    <message>
        <source>Fraction of each class held out for validation when the dataset has no val part</source>
        <translation>数据集不含验证部分时，每个类别留出用于验证的比例</translation>
    </message>
    <message>
        <source>No dataset opened: open a folder, a CSV/TSV list or IDX files, or drop a folder here.</source>
        <translation>未打开数据集：请打开文件夹、CSV/TSV 列表或 IDX 文件，或将文件夹拖放到此处。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>已排除：%1</translation>
    </message>
    <message>
        <source>every class</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>%1: %2 classes, %3 training and %4 validation pictures, %5</source>
        <translation>%1：%2 个类别，%3 张训练图像和 %4 张验证图像，%5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::InspectionView</name>
    <message>
        <source>%1 taken for %2: %3</source>
        <translation>%1 被误判为 %2：%3</translation>
    </message>
    <message>
        <source>%1 of %2 pictures</source>
        <translation>%1 / %2 张图像</translation>
    </message>
    <message>
        <source>No model chosen.</source>
        <translation>未选择模型。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>No dataset chosen.</source>
        <translation>未选择数据集。</translation>
    </message>
    <message>
        <source>Dataset: %1</source>
        <translation>数据集：%1</translation>
    </message>
    <message>
        <source>Choose model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Choose dataset…</source>
        <translation>选择数据集…</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Normalised by row</source>
        <translation>按行归一化</translation>
    </message>
    <message>
        <source>Misclassified only</source>
        <translation>仅显示误分类</translation>
    </message>
    <message>
        <source>confidence ≥ </source>
        <translation>置信度 ≥ </translation>
    </message>
    <message>
        <source>≤ </source>
        <translation>≤ </translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>any true class</source>
        <translation>任意真实类别</translation>
    </message>
    <message>
        <source>any prediction</source>
        <translation>任意预测类别</translation>
    </message>
    <message>
        <source>Grad-CAM: predicted class</source>
        <translation>Grad-CAM：预测类别</translation>
    </message>
    <message>
        <source>The class whose evidence the heat map shows</source>
        <translation>热力图所显示依据对应的类别</translation>
    </message>
    <message>
        <source>Select a picture to see where the network looked.</source>
        <translation>选择一张图像，查看网络关注的区域。</translation>
    </message>
    <message>
        <source>Dataset order</source>
        <translation>数据集顺序</translation>
    </message>
    <message>
        <source>Top losses first</source>
        <translation>损失最大的优先</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>置信度最低的优先</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>置信度最高的优先</translation>
    </message>
    <message>
        <source>Top-1 %1 %, top-%2 %3 %, %4 pictures</source>
        <translation>Top-1 %1%，Top-%2 %3%，共 %4 张图像</translation>
    </message>
    <message>
        <source>Choose a model and a labelled dataset, then Evaluate.</source>
        <translation>请选择模型和带标注的数据集，然后点击“评估”。</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ModelView</name>
    <message>
        <source>Head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Freeze up to</source>
        <translation>冻结至</translation>
    </message>
    <message>
        <source>%1: %2 tensors loaded, %3 skipped, %4 started fresh</source>
        <translation>%1：已加载 %2 个张量，跳过 %3 个，%4 个重新初始化</translation>
    </message>
    <message>
        <source>fresh: %1</source>
        <translation>重新初始化：%1</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>Filter by name or family</source>
        <translation>按名称或系列筛选</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Keras top-1 / 5</source>
        <translation>Keras Top-1 / 5</translation>
    </message>
    <message>
        <source>its own</source>
        <translation>架构自带</translation>
    </message>
    <message>
        <source>fully connected (VGG style)</source>
        <translation>全连接（VGG 风格）</translation>
    </message>
    <message>
        <source>global average pooling</source>
        <translation>全局平均池化</translation>
    </message>
    <message>
        <source>global max pooling</source>
        <translation>全局最大池化</translation>
    </message>
    <message>
        <source>Compact stem for 28–64 px pictures</source>
        <translation>紧凑起始层（适用于 28–64 px 图像）</translation>
    </message>
    <message>
        <source>nothing frozen</source>
        <translation>不冻结</translation>
    </message>
    <message>
        <source>Import pretrained weights…</source>
        <translation>导入预训练权重…</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>可训练</translation>
    </message>
    <message>
        <source>%1 parameters, %2 trainable; training state (weights, gradients, momentum) %3 MiB, activations not included</source>
        <translation>%1 个参数，其中 %2 个可训练；训练状态（权重、梯度、动量）%3 MiB，不含激活值</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>%1 parameters, %2 trainable; training memory about %3 MiB at batch %4 and %5 px: weights, gradients and momentum %6 MiB, activations %7 MiB per image</source>
        <translation>%1 个参数，%2 个可训练；批次 %4、%5 px 时训练内存约 %3 MiB：权重、梯度和动量 %6 MiB，激活值每张图像 %7 MiB</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>dataset size</source>
        <translation>与数据集一致</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Start from fresh weights</source>
        <translation>从新初始化的权重开始</translation>
    </message>
    <message>
        <source>Training starts from freshly initialised weights.</source>
        <translation>训练从新初始化的权重开始。</translation>
    </message>
    <message>
        <source>Training starts from %1.</source>
        <translation>训练从 %1 开始。</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::PredictionGalleryModel</name>
    <message>
        <source>%1 %2 %
(is %3)</source>
        <translation>%1 %2%
（实为 %3）</translation>
    </message>
    <message>
        <source>%1
true: %2, predicted: %3 (%4 %), loss %5</source>
        <translation>%1
真实：%2，预测：%3（%4%），损失 %5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::RunHistoryView</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Runs (tick to compare, double-click to follow)</source>
        <translation>运行记录（勾选以对比，双击以跟踪）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Best accuracy</source>
        <translation>最佳准确率</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>Show this run&apos;s curves and keep them up to date while it runs</source>
        <translation>显示此运行的曲线，并在其运行期间保持更新</translation>
    </message>
    <message>
        <source>Open run folder…</source>
        <translation>打开运行目录…</translation>
    </message>
    <message>
        <source>Follow any run directory, for example one fovea-cli is writing</source>
        <translation>跟踪任意运行目录，例如 fovea-cli 正在写入的目录</translation>
    </message>
    <message>
        <source>Continue this run from its newest checkpoint: a run that was stopped, or ended before its last epoch</source>
        <translation>从最新的检查点继续此运行：适用于已停止或在最后一轮之前结束的运行</translation>
    </message>
    <message>
        <source>Resume run</source>
        <translation>继续运行</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::TestTimeCropsView</name>
    <message numerus="yes">
        <source>Averaged over %n crop(s):</source>
        <translation>
            <numerusform>%n 个裁剪区域的平均结果：</numerusform>
        </translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Which test-time crops to take</source>
        <translation>采用哪些测试时裁剪</translation>
    </message>
    <message>
        <source>Open an image, or double-click one on the Classify page, to see every crop the network is shown and what it predicts for each.</source>
        <translation>打开一张图像，或在“分类”页面上双击一张图像，即可查看网络看到的每个裁剪区域以及它对每个区域的预测。</translation>
    </message>
</context>
</TS>
