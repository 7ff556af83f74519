import XCTest
@testable import ClinicalText

/// Radiology report sentences written for Concord (none is from the NegEx evaluation sets), with
/// the statuses a radiologist gives the target. They cover the phrasing of chest, abdomen and
/// neuro reports: lists under one trigger, terminators, pseudo-triggers, hedges, history.
final class RadiologySentenceTests: XCTestCase {
    private let cases: [(target: String, sentence: String, expected: Set<AssertionCategory>)] = [
        ("consolidation", "The lungs are clear without focal consolidation, pleural effusion, or pneumothorax.", [.negated]),
        ("pneumothorax", "The lungs are clear without focal consolidation, pleural effusion, or pneumothorax.", [.negated]),
        ("midline shift", "There is no evidence of intracranial hemorrhage, mass effect, or midline shift.", [.negated]),
        ("pneumonia", "No focal consolidation to suggest pneumonia.", [.negated]),
        ("atelectasis", "Findings may represent atelectasis or early pneumonia.", [.possible]),
        ("consolidation", "Atelectasis versus consolidation in the left lower lobe.", [.possible]),
        ("atelectasis", "Atelectasis versus consolidation in the left lower lobe.", [.possible]),
        ("pneumothorax", "Cannot exclude small pneumothorax.", [.possible]),
        ("nodule", "Stable 4 mm nodule in the right upper lobe, unchanged from prior.", []),
        ("pleural effusion", "Interval resolution of the previously seen right pleural effusion.", [.negated]),
        ("cholecystectomy", "Postsurgical changes from prior cholecystectomy.", [.historical]),
        ("pulmonary embolism", "Evaluate for pulmonary embolism.", [.possible]),
        ("pulmonary embolism", "No pulmonary embolism is identified.", [.negated]),
        ("cardiomegaly", "Mild cardiomegaly without pulmonary edema.", []),
        ("pulmonary edema", "Mild cardiomegaly without pulmonary edema.", [.negated]),
        ("fracture", "Negative for acute fracture or dislocation.", [.negated]),
        ("dislocation", "Negative for acute fracture or dislocation.", [.negated]),
        ("nodule", "No significant change in the size of the left adrenal nodule.", []),
        ("pleural effusions", "Small bilateral pleural effusions, left greater than right.", []),
        ("consolidation", "There is mild bibasilar atelectasis but no focal consolidation.", [.negated]),
        ("atelectasis", "There is mild bibasilar atelectasis but no focal consolidation.", []),
        ("nodule", "Questionable small nodule in the left upper lobe.", [.possible]),
        ("pneumothorax", "Pneumothorax has resolved.", [.negated]),
        ("lung cancer", "Patient with history of lung cancer, status post right upper lobectomy.", [.historical]),
        ("colon cancer", "Family history of colon cancer.", [.family]),
        ("metastasis", "If clinically indicated, MRI could be performed to evaluate for metastasis.", [.possible, .hypothetical]),
        ("metastatic disease", "No evidence of metastatic disease in the chest, abdomen or pelvis.", [.negated]),
        ("nodule", "The previously described nodule is no longer seen.", [.negated]),
        ("hydronephrosis", "There is no hydronephrosis bilaterally.", [.negated]),
        ("lesion", "Hepatic steatosis without focal hepatic lesion.", [.negated]),
        ("steatosis", "Hepatic steatosis without focal hepatic lesion.", []),
        ("opacity", "Left lower lobe opacity, which may represent atelectasis or pneumonia.", []),
        ("pneumonia", "Pneumonia is unlikely.", [.negated]),
        ("consolidation", "Lungs: No consolidation.", [.negated]),
        ("effusion", "Pleura: Small right effusion.", []),
        ("abnormality", "No acute intracranial abnormality.", [.negated]),
        ("hemorrhage", "No intracranial hemorrhage. Small vessel ischemic changes are present.", [.negated]),
        ("ischemic changes", "No intracranial hemorrhage. Small vessel ischemic changes are present.", []),
        ("effusion", "No pneumothorax. There is a small left pleural effusion.", []),
        ("mass", "There is no discrete mass; however, there is diffuse thickening.", [.negated]),
        ("thickening", "There is no discrete mass; however, there is diffuse thickening.", []),
        ("free air", "No free air or free fluid.", [.negated]),
        ("free fluid", "No free air or free fluid.", [.negated]),
        ("appendicitis", "Findings are consistent with acute appendicitis.", []),
        ("appendicitis", "Findings are not consistent with appendicitis.", [.negated]),
        ("aneurysm", "Her father had an abdominal aortic aneurysm.", [.family]),
        ("lymphadenopathy", "No mediastinal, hilar, or axillary lymphadenopathy.", [.negated]),
        ("fracture", "Old healed rib fracture.", [.historical]),
        ("nodule", "Pulmonary nodule, likely granuloma.", []),
        ("granuloma", "Pulmonary nodule, likely granuloma.", [.possible]),
        ("stones", "The gallbladder is free of stones.", [.negated]),
        ("mass", "The liver demonstrates no focal mass.", [.negated]),
        ("hemorrhage", "Hemorrhage is not excluded.", [.possible]),
        ("pneumothorax", "There is no residual pneumothorax after chest tube removal.", [.negated]),
        ("effusion", "Effusion, if present, is small.", [.possible]),
    ]

    func testEachSentenceGetsTheRadiologistsAssertion() throws {
        for (target, sentence, expected) in cases {
            let assertion = try shippedAsserter.assertion(of: target, in: sentence)
            XCTAssertEqual(assertion.categories, expected, "\(target) in: \(sentence)")
        }
    }
}
